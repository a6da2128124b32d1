-- Of seats $2 of schedule $1, those Postgres says are taken (held, with their time, or sold): written
-- back to Redis when Postgres refused a hold Redis had let through (Redis was behind the record).
SELECT rs.schedule_id, rs.seat_number, rs.reservation_id, rs.status, r.held_until
FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
WHERE rs.status IN ('HELD', 'PAID') AND rs.schedule_id = $1 AND rs.seat_number = ANY($2)

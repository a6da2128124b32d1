-- Seats Postgres says are taken (held, with their time, or sold), to compare with Redis.
SELECT rs.schedule_id, rs.seat_number, rs.reservation_id, rs.status, r.held_until
FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
WHERE rs.status IN ('HELD', 'PAID')

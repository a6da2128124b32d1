-- A seat in more than one live (HELD or PAID) reservation, by the reservation's status or its
-- seat row's. $1: how many examples.
SELECT count(*) OVER () AS total,
       format('schedule %s seat %s is in %s live reservations', schedule_id, seat_number, live) AS example
FROM (
  SELECT rs.schedule_id, rs.seat_number, count(DISTINCT rs.reservation_id) AS live
  FROM reservation_seats rs JOIN reservations r ON r.id = rs.reservation_id
  WHERE r.status IN ('HELD', 'PAID') OR rs.status IN ('HELD', 'PAID')
  GROUP BY rs.schedule_id, rs.seat_number
  HAVING count(DISTINCT rs.reservation_id) > 1
) doubled
ORDER BY schedule_id, seat_number
LIMIT $1

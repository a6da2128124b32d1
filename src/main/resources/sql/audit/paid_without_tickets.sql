-- A paid reservation without one valid ticket a seat, or valid tickets of one that is not paid.
-- $1: how many examples.
SELECT count(*) OVER () AS total,
       format('reservation %s is %s with %s valid ticket(s) for %s seat(s)', r.id, r.status,
              coalesce(t.valid, 0), cardinality(r.seat_numbers)) AS example
FROM reservations r
LEFT JOIN (SELECT reservation_id, count(*) FILTER (WHERE status = 'VALID') AS valid
           FROM tickets GROUP BY reservation_id) t ON t.reservation_id = r.id
WHERE (r.status = 'PAID' AND coalesce(t.valid, 0) <> cardinality(r.seat_numbers))
   OR (r.status <> 'PAID' AND coalesce(t.valid, 0) > 0)
LIMIT $1

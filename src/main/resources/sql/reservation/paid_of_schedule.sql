-- Up to $2 PAID reservations of schedule $1, each to be refunded in its own transaction. Random
-- order spreads instances running the same date over different rows; exactness does not rest on it.
SELECT id, user_id FROM reservations
WHERE schedule_id = $1 AND status = 'PAID'
ORDER BY random()
LIMIT $2

-- Claims due holds in held_until order; rows locked by a payment or another sweeper are skipped,
-- so instances never wait on each other and a hold is expired or paid, never both.
WITH due AS (
  SELECT id FROM reservations
  WHERE status = 'HELD' AND held_until <= now()
  ORDER BY held_until
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
UPDATE reservations r SET status = 'EXPIRED', updated_at = now()
FROM due WHERE r.id = due.id
RETURNING r.id, r.user_id, r.schedule_id, r.seat_numbers, r.amount, r.status, r.held_until, r.seats

-- A cancelled date's holds end: up to $2 HELD reservations of schedule $1 become CANCELLED. Rows a
-- payment has locked are skipped: that payment commits (then the cancellation refunds it) or not.
WITH held AS (
  SELECT id FROM reservations
  WHERE schedule_id = $1 AND status = 'HELD'
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE reservations r SET status = 'CANCELLED', updated_at = now()
FROM held WHERE r.id = held.id
RETURNING r.id, r.user_id, r.schedule_id, r.seat_numbers, r.amount, r.status, r.held_until, r.seats

-- HELD → PAID only for the owner, while still held and before its time; the row lock orders this
-- against the expiry sweeper and cancellation, so exactly one of them wins.
UPDATE reservations SET status = 'PAID', updated_at = now()
WHERE id = $1 AND user_id = $2 AND status = 'HELD' AND held_until > now()
RETURNING id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats

-- Only the owner's hold that is still HELD; the row lock orders it against payment and expiry.
UPDATE reservations SET status = 'CANCELLED', updated_at = now()
WHERE id = $1 AND user_id = $2 AND status = 'HELD'
RETURNING id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats

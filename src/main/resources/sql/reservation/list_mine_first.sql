-- A user's reservations, newest first, optionally of one status ($2 may be null); $3: limit.
-- Index Scan Backward on reservations_by_user_newest (user_id, created_at, id).
SELECT id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats, created_at
FROM reservations
WHERE user_id = $1 AND ($2::text IS NULL OR status = $2::text)
ORDER BY created_at DESC, id DESC
LIMIT $3

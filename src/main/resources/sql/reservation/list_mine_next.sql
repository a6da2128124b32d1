-- The page after the cursor ($3 created_at, $4 id), newest first; $2 status or null; $5: limit.
SELECT id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats, created_at
FROM reservations
WHERE user_id = $1 AND ($2::text IS NULL OR status = $2::text) AND (created_at, id) < ($3::timestamptz, $4::uuid)
ORDER BY created_at DESC, id DESC
LIMIT $5

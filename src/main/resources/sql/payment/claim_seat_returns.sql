-- Returns older than a second (the refund's own release has had its chance), skipping rows
-- another instance is working on.
SELECT reservation_id, schedule_id, seat_numbers FROM seat_returns
WHERE created_at <= now() - interval '1 second'
ORDER BY created_at
LIMIT $1
FOR UPDATE SKIP LOCKED

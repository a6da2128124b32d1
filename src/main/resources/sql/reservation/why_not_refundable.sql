-- Why mark_refunded changed nothing: unknown, someone else's, not paid, or past the cutoff ($2 hours).
SELECT r.user_id, r.status, s.starts_at > now() + make_interval(hours => $2) AS window_open
FROM reservations r JOIN schedules s ON s.id = r.schedule_id
WHERE r.id = $1

-- Unsent events and the age of the oldest (the relay's lag); served by the partial index.
SELECT count(*) AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
FROM outbox
WHERE sent_at IS NULL

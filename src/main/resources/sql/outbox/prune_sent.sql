-- Sent events older than the retention, in bounded batches (never an unsent one).
-- $1 cutoff, $2 batch size
DELETE FROM outbox
WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1 LIMIT $2)

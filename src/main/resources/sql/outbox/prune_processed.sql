-- Consumers' deduplication records older than the retention, in bounded batches.
-- $1 cutoff, $2 batch size
DELETE FROM processed_events
WHERE ctid IN (SELECT ctid FROM processed_events WHERE processed_at < $1 LIMIT $2)

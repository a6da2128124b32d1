-- Keys past the 24 h window (claim and find no longer see them), in bounded batches. The age is
-- checked again on the row being deleted: a key claimed anew meanwhile (created_at now) stays.
-- $1 batch size
DELETE FROM idempotency_keys
WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < now() - interval '24 hours' LIMIT $1)
  AND created_at < now() - interval '24 hours'

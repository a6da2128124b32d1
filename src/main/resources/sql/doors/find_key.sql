-- The live key with this SHA-256 (the unique index on key_hash): one lookup a check-in, no cache,
-- so a revocation holds on every instance the moment it commits.
SELECT key_id, schedule_id FROM door_keys WHERE key_hash = $1 AND revoked_at IS NULL

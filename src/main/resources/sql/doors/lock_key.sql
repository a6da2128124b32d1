-- As find_key.sql, inside the check-in's transaction: the share lock makes a revocation wait for
-- this check-in to end, and a check-in that starts after the revocation committed finds no key.
SELECT key_id, schedule_id FROM door_keys WHERE key_hash = $1 AND revoked_at IS NULL FOR SHARE

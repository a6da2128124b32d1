-- Revokes a live key; waits for check-ins that hold the key (lock_key.sql) to end, so none admits
-- anyone after this commits. No row: unknown or revoked before (find_key_by_id.sql tells which).
UPDATE door_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL
RETURNING key_id, schedule_id, label

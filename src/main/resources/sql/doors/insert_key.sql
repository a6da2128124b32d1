-- A new key for an existing date; no row for an unknown date. $1 key id, $2 SHA-256 hex, $3 date, $4 label
INSERT INTO door_keys (key_id, key_hash, schedule_id, label)
SELECT $1, $2, id, $4 FROM schedules WHERE id = $3
RETURNING key_id, schedule_id, label

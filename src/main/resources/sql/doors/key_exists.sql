SELECT 1 FROM door_keys WHERE key_id = $1

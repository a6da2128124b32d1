-- Claims a key for this request: a new key, or one whose 24 h have passed. A concurrent request
-- with the same key waits here on the primary key until the first commits, then claims nothing
-- and reads the first response.
INSERT INTO idempotency_keys (user_id, idempotency_key, operation, request_hash, response_status, response_body)
VALUES ($1, $2, $3, $4, 0, '{}')
ON CONFLICT (user_id, idempotency_key) DO UPDATE
  SET operation = EXCLUDED.operation, request_hash = EXCLUDED.request_hash,
      response_status = 0, response_body = '{}', created_at = now()
  WHERE idempotency_keys.created_at < now() - interval '24 hours'
RETURNING 1

SELECT operation, request_hash, response_status, response_body
FROM idempotency_keys
WHERE user_id = $1 AND idempotency_key = $2 AND created_at >= now() - interval '24 hours'

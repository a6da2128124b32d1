UPDATE idempotency_keys SET response_status = $3, response_body = $4
WHERE user_id = $1 AND idempotency_key = $2

-- Unique per reservation: a second payment of the same reservation is impossible.
-- Unique per queue token: no row back means this token has already paid (the token has ended).
-- $1 id, $2 reservation, $3 user, $4 amount, $5 token id
INSERT INTO payments (id, reservation_id, user_id, amount, token_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (token_id) WHERE token_id IS NOT NULL DO NOTHING
RETURNING paid_at

-- Unique per reservation: a second payment of the same reservation is impossible.
INSERT INTO payments (id, reservation_id, user_id, amount) VALUES ($1, $2, $3, $4)
RETURNING paid_at

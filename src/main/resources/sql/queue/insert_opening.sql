INSERT INTO concert_openings (concert_id, opened_at, token_ids) VALUES ($1, $2, $3)
ON CONFLICT (concert_id) DO NOTHING
RETURNING concert_id

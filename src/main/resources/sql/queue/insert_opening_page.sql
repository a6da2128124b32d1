INSERT INTO concert_opening_pages (concert_id, page, etag, body) VALUES ($1, $2, $3, $4)
ON CONFLICT (concert_id, page) DO NOTHING

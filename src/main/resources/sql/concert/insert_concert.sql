INSERT INTO concerts (title) VALUES ($1) RETURNING id

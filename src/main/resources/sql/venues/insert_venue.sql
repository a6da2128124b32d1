INSERT INTO venues (name, capacity) VALUES ($1, $2) RETURNING id

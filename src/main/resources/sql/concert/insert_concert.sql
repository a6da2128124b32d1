INSERT INTO concerts (title, sales_open_at, admit_per_second, max_active, opening_seed)
VALUES ($1, COALESCE($2, now()), $3, $4, $5)
RETURNING id, sales_open_at

INSERT INTO concerts (title, sales_open_at, admit_per_second, max_active, opening_seed, own_room)
VALUES ($1, COALESCE($2, now()), $3, $4, $5, $2::timestamptz IS NOT NULL OR $3::int IS NOT NULL OR $4::int IS NOT NULL)
RETURNING id, sales_open_at

SELECT id, sales_open_at, admit_per_second, max_active, opening_seed, own_room FROM concerts WHERE id = $1

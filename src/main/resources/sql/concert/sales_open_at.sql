SELECT sales_open_at FROM concerts WHERE id = $1

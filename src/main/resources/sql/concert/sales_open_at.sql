SELECT sales_open_at, sales_close_at, controls_version FROM concerts WHERE id = $1

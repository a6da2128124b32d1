SELECT id, title, sales_open_at FROM concerts ORDER BY id

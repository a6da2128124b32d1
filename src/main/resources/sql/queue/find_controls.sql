SELECT id, title, sales_open_at, admit_per_second, max_active, opening_seed, own_room, paused, sales_close_at,
       controls_version
  FROM concerts WHERE id = $1

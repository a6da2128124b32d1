SELECT 1 FROM concerts WHERE id = $1

SELECT id, title FROM concerts ORDER BY id

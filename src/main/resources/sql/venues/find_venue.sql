SELECT id, name, capacity FROM venues WHERE id = $1

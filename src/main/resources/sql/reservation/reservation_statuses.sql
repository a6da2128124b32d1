-- The current status of the given reservations (the seat rebuild's second look).
SELECT id, status FROM reservations WHERE id = ANY($1)

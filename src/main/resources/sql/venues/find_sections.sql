-- A venue's sections in layout order (the numbering's order).
SELECT id, name, kind, first_seat, last_seat, seat_rows, shape
FROM venue_sections WHERE venue_id = $1
ORDER BY position

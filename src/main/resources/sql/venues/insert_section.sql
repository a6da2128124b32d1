-- $1 venue, $2 position (layout order), $3 name, $4 kind, $5 first place, $6 last place, $7 rows, $8 shape
INSERT INTO venue_sections (venue_id, position, name, kind, first_seat, last_seat, seat_rows, shape)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id

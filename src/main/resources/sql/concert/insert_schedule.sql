-- $5 venue (null: the old form, one section of total_seats)
INSERT INTO schedules (concert_id, starts_at, total_seats, price, venue_id) VALUES ($1, $2, $3, $4, $5) RETURNING id

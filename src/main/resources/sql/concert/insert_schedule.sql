INSERT INTO schedules (concert_id, starts_at, total_seats, price) VALUES ($1, $2, $3, $4) RETURNING id

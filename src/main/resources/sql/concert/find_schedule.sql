SELECT id, concert_id, starts_at, total_seats, price FROM schedules WHERE id = $1

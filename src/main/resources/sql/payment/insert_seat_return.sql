INSERT INTO seat_returns (reservation_id, schedule_id, seat_numbers) VALUES ($1, $2, $3)

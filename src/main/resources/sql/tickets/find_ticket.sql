SELECT status, schedule_id, checked_in_at FROM tickets WHERE reservation_id = $1 AND seat_number = $2

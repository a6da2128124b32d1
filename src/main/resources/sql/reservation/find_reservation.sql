SELECT id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats
FROM reservations WHERE id = $1

SELECT s.concert_id FROM reservations r JOIN schedules s ON s.id = r.schedule_id WHERE r.id = $1

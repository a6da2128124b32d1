SELECT concert_id FROM schedules WHERE id = $1

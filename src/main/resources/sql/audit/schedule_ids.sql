SELECT id FROM schedules ORDER BY id

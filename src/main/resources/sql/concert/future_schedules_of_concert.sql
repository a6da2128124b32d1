SELECT id, concert_id, starts_at, total_seats, price
FROM schedules
WHERE concert_id = $1 AND starts_at > now()
ORDER BY starts_at, id

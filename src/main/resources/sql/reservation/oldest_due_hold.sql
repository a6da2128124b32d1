SELECT EXTRACT(EPOCH FROM (now() - min(held_until)))::float8 AS age_seconds
FROM reservations WHERE status = 'HELD' AND held_until <= now()

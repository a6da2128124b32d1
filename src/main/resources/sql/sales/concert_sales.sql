-- Every date of a concert with what the sales projection says of it (zeros before any event).
-- $1 concert
SELECT s.id AS schedule_id, coalesce(ss.seats_sold, 0) AS seats_sold, coalesce(ss.revenue, 0) AS revenue,
       coalesce(ss.refunds, 0) AS refunds, ss.updated_at
FROM schedules s LEFT JOIN schedule_sales ss ON ss.schedule_id = s.id
WHERE s.concert_id = $1
ORDER BY s.starts_at, s.id

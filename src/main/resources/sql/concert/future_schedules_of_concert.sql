-- A concert's future dates still on sale (a cancelled one leaves every list) with their grades
-- (null for the old form) in creation order.
SELECT s.id, s.concert_id, s.starts_at, s.total_seats, s.price, s.venue_id,
  (SELECT json_agg(json_build_object('name', g.name, 'price', g.price, 'sections', g.sections) ORDER BY g.position)
   FROM schedule_grades g WHERE g.schedule_id = s.id) AS grades
FROM schedules s
WHERE s.concert_id = $1 AND s.starts_at > now() AND s.status = 'ON_SALE'
ORDER BY s.starts_at, s.id

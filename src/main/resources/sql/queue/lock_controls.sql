-- A concert's sale settings, locked for an operator's change (PATCH /admin/concerts/{id}); whether
-- its opening was recorded (the draw happened).
SELECT c.title, c.sales_open_at, c.sales_close_at, c.admit_per_second, c.max_active, c.paused,
       EXISTS (SELECT 1 FROM concert_openings o WHERE o.concert_id = c.id) AS opening_recorded,
       now() AS now
  FROM concerts c WHERE c.id = $1
   FOR UPDATE OF c

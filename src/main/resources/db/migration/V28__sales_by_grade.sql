-- The sales projection by grade: each date's seats sold and revenue per grade, net of refunds, fed
-- by the same events as schedule_sales (PaymentCompleted's seats carry their grade and price).
CREATE TABLE schedule_grade_sales (
  schedule_id  BIGINT NOT NULL,
  grade        TEXT   NOT NULL,
  seats_sold   INT    NOT NULL,
  revenue      BIGINT NOT NULL,
  PRIMARY KEY (schedule_id, grade)
);

-- What a claimed payment added per grade ([{"name","seats","revenue"}]), so that its refund, whose
-- event carries no places, takes exactly that away again. Null: the event had no places.
ALTER TABLE sales_applied ADD COLUMN grades JSONB;

-- Claims made before: their grades from the reservation's places as held (null before V24), then
-- the projection by grade from the claims, as the consumer would have built it.
UPDATE sales_applied a
SET grades = (
  SELECT jsonb_agg(jsonb_build_object('name', g.name, 'seats', g.seats, 'revenue', g.revenue) ORDER BY g.name)
  FROM (
    SELECT p->>'grade' AS name, count(*) AS seats, sum((p->>'price')::BIGINT) AS revenue
    FROM reservations r, jsonb_array_elements(r.seats) p
    WHERE r.id = a.reservation_id
    GROUP BY p->>'grade'
  ) g
)
WHERE EXISTS (SELECT 1 FROM reservations r WHERE r.id = a.reservation_id AND r.seats IS NOT NULL);

INSERT INTO schedule_grade_sales (schedule_id, grade, seats_sold, revenue)
SELECT a.schedule_id, g.name,
       sum(CASE a.event_type WHEN 'PaymentCompleted' THEN g.seats ELSE -g.seats END),
       sum(CASE a.event_type WHEN 'PaymentCompleted' THEN g.revenue ELSE -g.revenue END)
FROM sales_applied a, jsonb_to_recordset(a.grades) AS g(name TEXT, seats INT, revenue BIGINT)
GROUP BY a.schedule_id, g.name;

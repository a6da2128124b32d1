-- One statement per PaymentCompleted or ReservationRefunded: the event is claimed in sales_applied
-- by what it is about (its reservation and its type) and counted in schedule_sales and
-- schedule_grade_sales together, or, when it was claimed before (a redelivery, or a new consumer
-- group re-reading the topic from its start), not counted at all. The claims are never pruned, so
-- this holds at any age. A concurrent claim of the same event waits for the first and then does
-- nothing. A refund comes with negative seats and amount, so the totals are net; its event names
-- no places, so it takes away per grade what its payment's claim added.
-- $1 reservation, $2 event type, $3 schedule, $4 seats, $5 amount, $6 payments (0/1), $7 refunds (0/1),
-- $8 the payment's grades [{"name","seats","revenue"}] (null for a refund, or an event without places)
WITH claimed AS (
  INSERT INTO sales_applied (reservation_id, event_type, schedule_id, grades)
  VALUES ($1, $2, $3, CASE WHEN $2 = 'ReservationRefunded'
    THEN (SELECT p.grades FROM sales_applied p WHERE p.reservation_id = $1 AND p.event_type = 'PaymentCompleted')
    ELSE $8::JSONB END)
  ON CONFLICT DO NOTHING
  RETURNING grades
), totals AS (
  INSERT INTO schedule_sales AS s (schedule_id, seats_sold, revenue, payments, refunds, updated_at)
  SELECT $3, $4, $5, $6, $7, now() FROM claimed
  ON CONFLICT (schedule_id) DO UPDATE
    SET seats_sold = s.seats_sold + EXCLUDED.seats_sold,
        revenue    = s.revenue + EXCLUDED.revenue,
        payments   = s.payments + EXCLUDED.payments,
        refunds    = s.refunds + EXCLUDED.refunds,
        updated_at = now()
)
INSERT INTO schedule_grade_sales AS g (schedule_id, grade, seats_sold, revenue)
SELECT $3, x.name, x.seats * (1 - 2 * $7::INT), x.revenue * (1 - 2 * $7::INT)
FROM claimed, jsonb_to_recordset(claimed.grades) AS x(name TEXT, seats INT, revenue BIGINT)
ON CONFLICT (schedule_id, grade) DO UPDATE
  SET seats_sold = g.seats_sold + EXCLUDED.seats_sold,
      revenue    = g.revenue + EXCLUDED.revenue

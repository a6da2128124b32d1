-- One statement per PaymentCompleted or ReservationRefunded: the event is claimed in sales_applied
-- by what it is about (its reservation and its type) and counted in schedule_sales together, or,
-- when it was claimed before (a redelivery, or a new consumer group re-reading the topic from its
-- start), not counted at all. The claims are never pruned, so this holds at any age. A concurrent
-- claim of the same event waits for the first and then does nothing. A refund comes with negative
-- seats and amount, so the totals are net.
-- $1 reservation, $2 event type, $3 schedule, $4 seats, $5 amount, $6 payments (0/1), $7 refunds (0/1)
WITH claimed AS (
  INSERT INTO sales_applied (reservation_id, event_type, schedule_id) VALUES ($1, $2, $3)
  ON CONFLICT DO NOTHING
  RETURNING reservation_id
)
INSERT INTO schedule_sales AS s (schedule_id, seats_sold, revenue, payments, refunds, updated_at)
SELECT $3, $4, $5, $6, $7, now() FROM claimed
ON CONFLICT (schedule_id) DO UPDATE
  SET seats_sold = s.seats_sold + EXCLUDED.seats_sold,
      revenue    = s.revenue + EXCLUDED.revenue,
      payments   = s.payments + EXCLUDED.payments,
      refunds    = s.refunds + EXCLUDED.refunds,
      updated_at = now()

-- One statement per PaymentCompleted or ReservationRefunded: the event is claimed in
-- processed_events and counted in schedule_sales together, or, when it was claimed before (a
-- redelivery), not counted at all. A concurrent claim of the same event waits for the first and
-- then does nothing. A refund comes with negative seats and amount, so the totals are net.
-- $1 consumer, $2 event id, $3 schedule, $4 seats, $5 amount, $6 payments (0/1), $7 refunds (0/1)
WITH claimed AS (
  INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
  ON CONFLICT DO NOTHING
  RETURNING event_id
)
INSERT INTO schedule_sales AS s (schedule_id, seats_sold, revenue, payments, refunds, updated_at)
SELECT $3, $4, $5, $6, $7, now() FROM claimed
ON CONFLICT (schedule_id) DO UPDATE
  SET seats_sold = s.seats_sold + EXCLUDED.seats_sold,
      revenue    = s.revenue + EXCLUDED.revenue,
      payments   = s.payments + EXCLUDED.payments,
      refunds    = s.refunds + EXCLUDED.refunds,
      updated_at = now()

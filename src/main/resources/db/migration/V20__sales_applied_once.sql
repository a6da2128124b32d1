-- The sales projection applies each event once whatever the consumer group's offsets. It used to
-- deduplicate by eventId in processed_events, pruned after 24 h, while a new consumer group starts
-- from the oldest event Kafka keeps: an event re-read after its claim was pruned counted twice.
-- Now the claim is what the event is about: a reservation is paid at most once and refunded at
-- most once, so (reservation, event type) is applied at most once. The claims are never pruned:
-- they live as long as the projection (one small row per paid or refunded reservation).
CREATE TABLE sales_applied (
  reservation_id  UUID        NOT NULL,
  event_type      TEXT        NOT NULL CHECK (event_type IN ('PaymentCompleted', 'ReservationRefunded')),
  schedule_id     BIGINT      NOT NULL,
  applied_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (reservation_id, event_type)
);

-- The old claims cannot say which reservations were counted (they are pruned, and name events
-- only), so the projection starts again from the record: every paid or refunded reservation is
-- counted and claimed here, and its events, when they arrive or arrive again, change nothing.
DELETE FROM schedule_sales;
INSERT INTO sales_applied (reservation_id, event_type, schedule_id)
SELECT id, 'PaymentCompleted', schedule_id FROM reservations WHERE status IN ('PAID', 'REFUNDED')
UNION ALL
SELECT id, 'ReservationRefunded', schedule_id FROM reservations WHERE status = 'REFUNDED';
INSERT INTO schedule_sales (schedule_id, seats_sold, revenue, payments, refunds, updated_at)
SELECT schedule_id,
       coalesce(sum(cardinality(seat_numbers)) FILTER (WHERE status = 'PAID'), 0),
       coalesce(sum(amount) FILTER (WHERE status = 'PAID'), 0),
       count(*),
       count(*) FILTER (WHERE status = 'REFUNDED'),
       now()
FROM reservations WHERE status IN ('PAID', 'REFUNDED')
GROUP BY schedule_id;

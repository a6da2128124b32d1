-- A committed reservation change without its outbox event: the hold (ReservationHeld) and the
-- state it is in now (PaymentCompleted, ReservationExpired, ReservationCancelled,
-- ReservationRefunded). Sent events are pruned after $2 hours, so only changes younger than that
-- are checked. $1: how many examples.
WITH recent AS (
  SELECT id, status, created_at FROM reservations WHERE updated_at > now() - make_interval(hours => $2)
), expected AS (
  SELECT id, 'ReservationHeld' AS event_type FROM recent WHERE created_at > now() - make_interval(hours => $2)
  UNION ALL
  SELECT id, CASE status
               WHEN 'PAID' THEN 'PaymentCompleted'
               WHEN 'EXPIRED' THEN 'ReservationExpired'
               WHEN 'CANCELLED' THEN 'ReservationCancelled'
               WHEN 'REFUNDED' THEN 'ReservationRefunded'
             END
  FROM recent WHERE status <> 'HELD'
)
SELECT count(*) OVER () AS total, format('reservation %s has no %s event', e.id, e.event_type) AS example
FROM expected e
WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_key = e.id::text AND o.event_type = e.event_type)
LIMIT $1

-- CANCELLING → CANCELLED once no reservation of the date is HELD or PAID. A payment in flight keeps
-- its reservation HELD (committed) until it commits, so it is never left behind: the next batch
-- refunds it. Holds that race the cancel are refused by schedule_on_sale() (V29).
UPDATE schedules s SET status = 'CANCELLED'
WHERE s.id = $1 AND s.status = 'CANCELLING'
  AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.schedule_id = s.id AND r.status IN ('HELD', 'PAID'))
RETURNING s.id

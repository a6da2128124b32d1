-- A date's cancellation: its status, the refunds the cancellation made and the paid reservations left.
SELECT s.status,
  (SELECT count(*) FROM cancellation_refunds c WHERE c.schedule_id = s.id) AS refunds_done,
  (SELECT count(*) FROM reservations r WHERE r.schedule_id = s.id AND r.status = 'PAID') AS paid_left
FROM schedules s WHERE s.id = $1

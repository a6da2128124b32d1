-- PAID → REFUNDED only for the owner and while the schedule starts more than $3 hours from now
-- ($3 null: whatever the cutoff, a cancelled date's refund).
-- The row lock orders concurrent refunds: the first commits, the others then find it not PAID.
UPDATE reservations r SET status = 'REFUNDED', updated_at = now()
FROM schedules s
WHERE r.id = $1 AND r.user_id = $2 AND r.status = 'PAID'
  AND s.id = r.schedule_id AND ($3::int IS NULL OR s.starts_at > now() + make_interval(hours => $3::int))
RETURNING r.id, r.user_id, r.schedule_id, r.seat_numbers, r.amount, r.status, r.held_until, r.seats

-- HELD → PAID only for the owner, while still held and before its time; the row lock orders this
-- against the expiry sweeper and cancellation, so exactly one of them wins. It also returns the
-- concert and whether it is sold through its own room only: the payment's room rule then costs no
-- round trip (a concert's own_room never changes after its creation). A date no longer on sale
-- (cancelled) pays nothing: a payment that read ON_SALE keeps the row locked, HELD to others, until it
-- commits, and the cancellation then refunds it.
UPDATE reservations r SET status = 'PAID', updated_at = now()
FROM schedules s JOIN concerts c ON c.id = s.concert_id
WHERE r.id = $1 AND r.user_id = $2 AND r.status = 'HELD' AND r.held_until > now() AND s.id = r.schedule_id
  AND s.status = 'ON_SALE'
RETURNING r.id, r.user_id, r.schedule_id, r.seat_numbers, r.amount, r.status, r.held_until, r.seats,
  s.concert_id, c.own_room

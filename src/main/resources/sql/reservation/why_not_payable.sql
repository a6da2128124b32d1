-- Why mark_paid changed nothing (unknown, someone else's, not held, past its time, date cancelled), with its
-- concert's room: the payment's room rule answers first, as the gate did before the payment.
SELECT r.id, r.user_id, r.schedule_id, r.seat_numbers, r.amount, r.status, r.held_until, r.seats, s.concert_id, c.own_room,
  s.status AS schedule_status
FROM reservations r JOIN schedules s ON s.id = r.schedule_id JOIN concerts c ON c.id = s.concert_id
WHERE r.id = $1

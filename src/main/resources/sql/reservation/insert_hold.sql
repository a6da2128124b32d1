-- One statement, hence one round trip and one implicit transaction: the reservation, its seats
-- and its outbox event commit together or not at all. The partial unique index on
-- reservation_seats refuses a seat that is already held or sold (23505).
-- $1 id, $2 user, $3 schedule, $4 seats, $5 amount, $6 held_until, $7 event id, $8 topic, $9 event payload
WITH reservation AS (
  INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until)
  VALUES ($1, $2, $3, $4, $5, 'HELD', $6)
  RETURNING id
), seats AS (
  INSERT INTO reservation_seats (reservation_id, schedule_id, seat_number, status)
  SELECT reservation.id, $3, seat, 'HELD' FROM reservation, unnest($4::int[]) AS seat
)
INSERT INTO outbox (event_id, topic, event_key, event_type, payload)
SELECT $7, $8, reservation.id::text, 'ReservationHeld', $9 FROM reservation

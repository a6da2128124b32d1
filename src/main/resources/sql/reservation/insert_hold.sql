-- One statement, hence one round trip and one implicit transaction: the reservation, its seats
-- and its outbox event commit together or not at all. The partial unique index on
-- reservation_seats refuses a seat that is already held or sold (23505); buyer_may_hold refuses a
-- hold past the per-buyer limit (nothing inserted: no row returned, see V10); schedule_on_sale
-- refuses a cancelled date (SQLSTATE CN001, see V29).
-- $1 id, $2 user, $3 schedule, $4 seats, $5 amount, $6 held_until, $7 event id, $8 topic, $9 event payload,
-- $10 per-buyer limit (0: none), $11 the places with their labels and prices (JSON)
WITH reservation AS (
  INSERT INTO reservations (id, user_id, schedule_id, seat_numbers, amount, status, held_until, seats)
  SELECT $1::uuid, $2::uuid, $3::bigint, $4::int[], $5::bigint, 'HELD', $6::timestamptz, $11::jsonb
  WHERE schedule_on_sale($3::bigint) AND buyer_may_hold($2::uuid, $3::bigint, cardinality($4::int[]), $10::int)
  RETURNING id
), seats AS (
  INSERT INTO reservation_seats (reservation_id, schedule_id, seat_number, status)
  SELECT reservation.id, $3, seat, 'HELD' FROM reservation, unnest($4::int[]) AS seat
)
INSERT INTO outbox (event_id, topic, event_key, event_type, payload)
SELECT $7, $8, reservation.id::text, 'ReservationHeld', $9 FROM reservation

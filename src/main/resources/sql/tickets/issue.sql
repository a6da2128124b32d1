-- One valid ticket a seat of a reservation just paid (in the payment's transaction).
INSERT INTO tickets (reservation_id, seat_number, schedule_id, status)
SELECT $1, seat, $2, 'VALID' FROM unnest($3::int[]) AS seat

DELETE FROM seat_returns WHERE reservation_id = ANY($1::uuid[])

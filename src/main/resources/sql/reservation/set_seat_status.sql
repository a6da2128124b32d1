UPDATE reservation_seats SET status = $2 WHERE reservation_id = ANY($1::uuid[])

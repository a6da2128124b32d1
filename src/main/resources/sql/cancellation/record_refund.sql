-- In the refund's transaction: the primary key refuses a second refund of one reservation.
INSERT INTO cancellation_refunds (reservation_id, schedule_id) VALUES ($1, $2)

-- The sales projection counts refunds (ReservationRefunded events) too: seats and revenue net of them.
ALTER TABLE schedule_sales ADD COLUMN refunds INT NOT NULL DEFAULT 0;

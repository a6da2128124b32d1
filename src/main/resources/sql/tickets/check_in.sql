-- Admits a valid ticket once: concurrent scans of one code queue on the row lock, the first sets
-- checked_in_at, the others then match nothing.
UPDATE tickets SET checked_in_at = now()
WHERE reservation_id = $1 AND seat_number = $2 AND status = 'VALID' AND checked_in_at IS NULL
RETURNING reservation_id, schedule_id, seat_number, checked_in_at

-- Admits a valid ticket once: concurrent scans of one code queue on the row lock, the first sets
-- checked_in_at, the others then match nothing. $3: the only date the door admits, or null for any.
UPDATE tickets SET checked_in_at = now()
WHERE reservation_id = $1 AND seat_number = $2 AND status = 'VALID' AND checked_in_at IS NULL
  AND ($3::bigint IS NULL OR schedule_id = $3)
RETURNING reservation_id, schedule_id, seat_number, checked_in_at

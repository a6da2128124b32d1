-- ON_SALE → CANCELLING; no row when it is cancelling or cancelled already (nothing more to do).
UPDATE schedules SET status = 'CANCELLING' WHERE id = $1 AND status = 'ON_SALE' RETURNING id, concert_id

-- Voids a refunded reservation's tickets and tells whether any was used at the door. A check-in
-- and a refund of the same ticket queue on its row lock: a check-in that commits first shows up
-- here as used (and the refund is undone); one that comes second finds the ticket VOID.
UPDATE tickets SET status = 'VOID' WHERE reservation_id = $1
RETURNING checked_in_at IS NOT NULL AS used

UPDATE tickets SET status = 'VOID' WHERE reservation_id = $1

-- The dates whose cancellation is under way (a crash or restart finds them here again).
SELECT id FROM schedules WHERE status = 'CANCELLING' ORDER BY id

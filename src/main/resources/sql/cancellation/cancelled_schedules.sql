-- Every future date not on sale: its Redis marker is set again (a Redis that lost its data).
SELECT id FROM schedules WHERE status <> 'ON_SALE' AND starts_at > now()

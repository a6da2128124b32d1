-- The oldest unsent events, locked for this round. ORDER BY id is the commit order of the events
-- of one reservation (each is written after the previous one committed), so it keeps their order.
-- $1 batch size
SELECT id, event_id, topic, event_key, event_type, payload::text AS payload
FROM outbox
WHERE sent_at IS NULL
ORDER BY id
LIMIT $1
FOR UPDATE SKIP LOCKED

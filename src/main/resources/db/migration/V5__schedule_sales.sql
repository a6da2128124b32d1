-- What the sales consumer (dev.concert.sales) and the outbox pruning need; the schedule_sales
-- table itself came with V4.

-- Deduplication is per consumer: each consumer of an event applies it once, independently of
-- the others. Existing rows belong to the sales consumer, the only one so far.
ALTER TABLE processed_events ADD COLUMN consumer TEXT NOT NULL DEFAULT 'sales';
ALTER TABLE processed_events DROP CONSTRAINT processed_events_pkey;
ALTER TABLE processed_events ADD PRIMARY KEY (consumer, event_id);

-- Pruning deletes processed events by age (the outbox has its own partial index on sent_at).
CREATE INDEX processed_events_by_age ON processed_events (processed_at);

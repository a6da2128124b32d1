-- $1 ids published in this round (Kafka acknowledged every one)
UPDATE outbox SET sent_at = now() WHERE id = ANY($1)

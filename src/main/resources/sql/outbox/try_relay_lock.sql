-- Only one relay publishes at a time, across all instances: a transaction-scoped advisory lock,
-- released by the round's commit or rollback (or when its connection dies). Not obtained: skip.
SELECT pg_try_advisory_xact_lock(hashtext('concert.outbox.relay')) AS leader

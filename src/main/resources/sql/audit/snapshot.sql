-- The audit's checks read one snapshot, so that they agree with each other; read only, so that a
-- bug in a check can never write.
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY

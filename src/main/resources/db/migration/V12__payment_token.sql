-- Ending the token is part of the payment: a queue token pays at most once. The payment records
-- its token in the same transaction, so two reservations paid at once with one ACTIVE token cannot
-- both commit, on any instance. NULL for payments made before this column existed.
ALTER TABLE payments ADD COLUMN token_id TEXT;
CREATE UNIQUE INDEX payments_one_per_token ON payments (token_id) WHERE token_id IS NOT NULL;

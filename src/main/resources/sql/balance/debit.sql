-- Debits only if the balance covers the amount, with its ledger entry; no row back means it does not.
-- $3: the entry's reference (the reservation paid).
WITH debited AS (
  UPDATE balances SET balance = balance - $2, updated_at = now()
  WHERE user_id = $1 AND balance >= $2
  RETURNING balance
)
INSERT INTO ledger_entries (user_id, type, amount, balance_after, reference)
SELECT $1, 'PAYMENT', -($2::bigint), balance, $3::text FROM debited
RETURNING balance_after AS balance

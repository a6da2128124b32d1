-- One statement: concurrent charges never lose each other, the ceiling holds, and the ledger entry
-- is written with the change (the balance row is locked before the entry takes its id).
-- No row back means the charge would pass the ceiling ($3). $4: the entry's reference (may be null).
WITH charged AS (
  INSERT INTO balances (user_id, balance) VALUES ($1, $2)
  ON CONFLICT (user_id) DO UPDATE
    SET balance = balances.balance + EXCLUDED.balance, updated_at = now()
    WHERE balances.balance + EXCLUDED.balance <= $3
  RETURNING balance
)
INSERT INTO ledger_entries (user_id, type, amount, balance_after, reference)
SELECT $1, 'CHARGE', $2, balance, $4::text FROM charged
RETURNING balance_after AS balance

-- A refund credited back, with its ledger entry. $3: the entry's reference (the reservation refunded).
WITH credited AS (
  INSERT INTO balances (user_id, balance) VALUES ($1, $2)
  ON CONFLICT (user_id) DO UPDATE
    SET balance = balances.balance + EXCLUDED.balance, updated_at = now()
  RETURNING balance
)
INSERT INTO ledger_entries (user_id, type, amount, balance_after, reference)
SELECT $1, 'REFUND', $2, balance, $3::text FROM credited
RETURNING balance_after AS balance

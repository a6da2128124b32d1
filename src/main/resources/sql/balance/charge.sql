-- One conditional statement: concurrent charges never lose each other, and the ceiling holds.
-- No row back means the charge would pass the ceiling ($3).
INSERT INTO balances (user_id, balance) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE
  SET balance = balances.balance + EXCLUDED.balance, updated_at = now()
  WHERE balances.balance + EXCLUDED.balance <= $3
RETURNING balance

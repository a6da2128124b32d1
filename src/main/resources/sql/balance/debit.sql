-- Debits only if the balance covers the amount; no row back means it does not.
UPDATE balances SET balance = balance - $2, updated_at = now()
WHERE user_id = $1 AND balance >= $2
RETURNING balance

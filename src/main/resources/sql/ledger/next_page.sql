-- The page after the entry with id $2 (the cursor), newest first. $3: limit
SELECT id, transaction_id, type, amount, balance_after, reference, created_at
FROM ledger_entries WHERE user_id = $1 AND id < $2
ORDER BY id DESC LIMIT $3

-- A user's ledger entries, newest first (Index Scan Backward on ledger_entries_by_user). $2: limit
SELECT id, transaction_id, type, amount, balance_after, reference, created_at
FROM ledger_entries WHERE user_id = $1
ORDER BY id DESC LIMIT $2

SELECT balance FROM balances WHERE user_id = $1

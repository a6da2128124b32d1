-- The newest actions (the primary key's index, scanned backwards). $1: limit
SELECT id, at, actor, action, target, detail FROM operator_actions ORDER BY id DESC LIMIT $1

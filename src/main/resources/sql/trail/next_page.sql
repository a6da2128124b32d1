-- The actions before the one with id $1 (the cursor), newest first. $2: limit
SELECT id, at, actor, action, target, detail FROM operator_actions WHERE id < $1 ORDER BY id DESC LIMIT $2

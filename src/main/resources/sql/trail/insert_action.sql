-- One operator's write, in that write's transaction.
INSERT INTO operator_actions (actor, action, target, detail) VALUES ($1, $2, $3, $4)

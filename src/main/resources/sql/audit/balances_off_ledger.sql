-- A balance that is not the sum of its ledger entries. $1: how many examples.
SELECT count(*) OVER () AS total,
       format('user %s has a balance of %s but ledger entries summing to %s', user_id, balance, summed) AS example
FROM (
  SELECT coalesce(b.user_id, l.user_id) AS user_id, coalesce(b.balance, 0) AS balance, coalesce(l.summed, 0) AS summed
  FROM balances b
  FULL JOIN (SELECT user_id, sum(amount) AS summed FROM ledger_entries GROUP BY user_id) l ON l.user_id = b.user_id
) compared
WHERE balance <> summed
LIMIT $1

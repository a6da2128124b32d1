-- The concerts whose sale window (opening, close) may have changed since $1 (null: in the last
-- 5 s), and Postgres's time of the read (the left join answers one row even when none changed).
SELECT now() AS polled_at, c.id, c.sales_open_at, c.sales_close_at, c.controls_version
  FROM (VALUES (1)) AS one (x)
  LEFT JOIN concerts c ON c.controls_changed_at >= COALESCE($1, now() - interval '5 seconds')

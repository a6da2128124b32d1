-- The rooms whose controls changed since $1 (null: in the last 5 s), and Postgres's time of the
-- read, from which the next read starts (with a margin for a change committed late). The
-- left join answers one row even when nothing changed, so the time is always there.
SELECT now() AS polled_at, c.id, c.sales_open_at, c.admit_per_second, c.max_active, c.opening_seed, c.own_room,
       c.paused, c.sales_close_at, c.controls_version
  FROM (VALUES (1)) AS one (x)
  LEFT JOIN concerts c ON c.controls_changed_at >= COALESCE($1, now() - interval '5 seconds')

-- Marks a paid reservation's seats sold for good. Postgres has committed the sale, so this
-- overwrites whatever Redis holds for these seats, except a withheld place ("W"): that stays off
-- the sale (it was free when withheld, so only a sale Redis lost track of can meet it; the audit
-- reports it rather than the place being sold again later).
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash, 2-4 the date's layout, row lookup and row fits (seats_rows.lua).
-- ARGV: 1 reservationId, 2.. seat numbers.
-- #include seats_rows
local value = 'S:' .. ARGV[1]
local changes = {}
local added = {}
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) ~= 'W' then
    if redis.call('HSET', KEYS[1], ARGV[i], value) == 1 then
      added[#added + 1] = ARGV[i]
    end
    changes[#changes + 1] = ARGV[i] .. 'S'
  end
end
if #changes > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
end
rows_seats_changed(KEYS[2], KEYS[3], KEYS[4], added, 1)
return #changes

-- Puts withheld places back on sale: a "W" becomes free (absent); any other value is left alone.
-- Change notice: every seat it changes is PUBLISHed ("<seat>A ...") on the schedule's channel,
-- KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash, 2-4 the date's layout, row lookup and row fits (seats_rows.lua).
-- ARGV: seat numbers. Returns the seats put back.
-- #include seats_rows
local back = {}
local changes = {}
for i = 1, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == 'W' then
    redis.call('HDEL', KEYS[1], ARGV[i])
    back[#back + 1] = tonumber(ARGV[i])
    changes[#changes + 1] = ARGV[i] .. 'A'
  end
end
if #changes > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
end
rows_seats_changed(KEYS[2], KEYS[3], KEYS[4], back, -1)
return back

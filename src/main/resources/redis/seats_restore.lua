-- Rebuilds a schedule's seats from Postgres (the record) after Redis lost them or at start.
-- Sold seats are written over anything but a withheld place ("W"); holds and withheld places
-- ("W", from the withheld places' record) only where the seat is free in Redis.
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S|W> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash, 2-4 the date's layout, row lookup and row fits (seats_rows.lua).
-- ARGV: pairs of seat number and value.
-- Returns the seat numbers written (the caller checks them against Postgres once more: a
-- reservation that ended between its read and this write must not be left in Redis).
-- #include seats_rows
local written = {}
local changes = {}
local added = {}
for i = 1, #ARGV, 2 do
  local value = ARGV[i + 1]
  if string.sub(value, 1, 1) == 'S' then
    if redis.call('HGET', KEYS[1], ARGV[i]) ~= 'W' then
      if redis.call('HSET', KEYS[1], ARGV[i], value) == 1 then
        added[#added + 1] = ARGV[i]
      end
      written[#written + 1] = ARGV[i]
      changes[#changes + 1] = ARGV[i] .. 'S'
    end
  elseif value == 'W' then
    if redis.call('HSETNX', KEYS[1], ARGV[i], value) == 1 then
      added[#added + 1] = ARGV[i]
      written[#written + 1] = ARGV[i]
      changes[#changes + 1] = ARGV[i] .. 'W'
    end
  elseif redis.call('HSETNX', KEYS[1], ARGV[i], value) == 1 then
    added[#added + 1] = ARGV[i]
    written[#written + 1] = ARGV[i]
    changes[#changes + 1] = ARGV[i] .. 'H'
  end
end
if #changes > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
end
rows_seats_changed(KEYS[2], KEYS[3], KEYS[4], added, 1)
return written

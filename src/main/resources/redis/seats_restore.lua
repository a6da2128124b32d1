-- Rebuilds a schedule's seats from Postgres (the record) after Redis lost them or at start.
-- Sold seats are written unconditionally; holds only where the seat is free in Redis.
-- KEYS: 1 the schedule's seat hash. ARGV: pairs of seat number and value.
-- Returns the seat numbers written (the caller checks them against Postgres once more: a
-- reservation that ended between its read and this write must not be left in Redis).
local written = {}
for i = 1, #ARGV, 2 do
  local value = ARGV[i + 1]
  if string.sub(value, 1, 1) == 'S' then
    redis.call('HSET', KEYS[1], ARGV[i], value)
    written[#written + 1] = ARGV[i]
  elseif redis.call('HSETNX', KEYS[1], ARGV[i], value) == 1 then
    written[#written + 1] = ARGV[i]
  end
end
return written

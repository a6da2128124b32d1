-- Frees seats only while they are still the given reservation's in the given way, never anyone
-- else's nor a hold or sale that came after, nor a withheld place "W" (so running it twice, or
-- late, is harmless):
-- 'H', its hold (a release: cancel, expiry, a hold Postgres refused), or 'S', its sale (a
-- refund's return).
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash, 2-4 the date's layout, row lookup and row fits (seats_rows.lua).
-- ARGV: 1 H or S, 2 reservationId, 3.. seat numbers.
-- Returns seats freed.
-- #include seats_rows
local held = 'H:' .. ARGV[2] .. ':' -- a hold's value goes on with its end: H:<reservationId>:<ms>
local sold = 'S:' .. ARGV[2]
local function ours(value)
  if ARGV[1] == 'H' then
    return string.sub(value, 1, #held) == held
  end
  return value == sold
end
local freed = {}
local changes = {}
for i = 3, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value and ours(value) then
    redis.call('HDEL', KEYS[1], ARGV[i])
    freed[#freed + 1] = ARGV[i]
    changes[#freed] = ARGV[i] .. 'A'
  end
end
if #freed > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
  rows_seats_changed(KEYS[2], KEYS[3], KEYS[4], freed, -1)
end
return #freed

-- Frees seats only while they are still held by the given reservation (never someone else's).
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash. ARGV: 1 reservationId, 2.. seat numbers. Returns seats freed.
local prefix = 'H:' .. ARGV[1] .. ':'
local freed = 0
local changes = {}
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value and string.sub(value, 1, #prefix) == prefix then
    redis.call('HDEL', KEYS[1], ARGV[i])
    freed = freed + 1
    changes[freed] = ARGV[i] .. 'A'
  end
end
if freed > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
end
return freed

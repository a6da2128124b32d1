-- Frees the seats of a refunded reservation: only those still sold to it, never a hold or sale
-- that came after (so running it twice, or late, is harmless).
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash. ARGV: 1 reservationId, 2.. seat numbers. Returns seats freed.
local sold = 'S:' .. ARGV[1]
local freed = 0
local changes = {}
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == sold then
    redis.call('HDEL', KEYS[1], ARGV[i])
    freed = freed + 1
    changes[freed] = ARGV[i] .. 'A'
  end
end
if freed > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
end
return freed

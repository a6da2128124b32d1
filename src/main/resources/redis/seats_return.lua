-- Frees the seats of a refunded reservation: only those still sold to it, never a hold or sale
-- that came after (so running it twice, or late, is harmless).
-- KEYS: 1 the schedule's seat hash. ARGV: 1 reservationId, 2.. seat numbers. Returns seats freed.
local sold = 'S:' .. ARGV[1]
local freed = 0
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == sold then
    redis.call('HDEL', KEYS[1], ARGV[i])
    freed = freed + 1
  end
end
return freed

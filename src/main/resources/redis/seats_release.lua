-- Frees seats only while they are still held by the given reservation (never someone else's).
-- KEYS: 1 the schedule's seat hash. ARGV: 1 reservationId, 2.. seat numbers. Returns seats freed.
local prefix = 'H:' .. ARGV[1] .. ':'
local freed = 0
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value and string.sub(value, 1, #prefix) == prefix then
    redis.call('HDEL', KEYS[1], ARGV[i])
    freed = freed + 1
  end
end
return freed

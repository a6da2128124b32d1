-- Takes an idle room off the timer's list, unless a token joined since the tick read its version.
-- KEYS: 1 due zset, 2 version hash. ARGV: 1 room, 2 version read before the room's tick
-- Returns 1 if removed.
if (redis.call('HGET', KEYS[2], ARGV[1]) or '0') ~= ARGV[2] then
  return 0
end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1

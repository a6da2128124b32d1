-- Ends a user's live token at once (after a payment): its active slot is freed for the next.
-- KEYS: 1 tokens hash, 2 waiting zset, 3 active zset. ARGV: 1 userId
-- Returns 1 if a token was ended, else 0.
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then
  return 0
end
local tokenId = string.sub(existing, 1, string.find(existing, ' ', 1, true) - 1)
redis.call('ZREM', KEYS[2], tokenId)
redis.call('ZREM', KEYS[3], tokenId)
redis.call('HDEL', KEYS[1], ARGV[1])
return 1

-- Ends a user's live token in one room at once (after a payment): its slot is freed for the next,
-- and nothing of it stays in Redis.
-- A waiting token leaves a hole in the line: its score goes to the departed zset, so that the
-- positions derived from scores (queue_head.lua) stop counting it at the next tick.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset, 4 seen zset, 5 owner hash, 6 the user's key,
--       7 departed zset
-- ARGV: 1 the room's channel: told the time (ms) a token left (see dev.concert.queue.LineMoves)
-- Returns 1 if a token was ended, else 0.
local existing = redis.call('GET', KEYS[6])
if not existing then
  return 0
end
local tokenId = string.sub(existing, 1, string.find(existing, ' ', 1, true) - 1)
redis.call('ZREM', KEYS[1], tokenId)
local score = redis.call('ZSCORE', KEYS[2], tokenId)
if score then
  redis.call('ZREM', KEYS[2], tokenId)
  redis.call('ZADD', KEYS[7], score, tokenId)
end
redis.call('ZREM', KEYS[3], tokenId)
redis.call('ZREM', KEYS[4], tokenId)
redis.call('HDEL', KEYS[5], tokenId)
redis.call('DEL', KEYS[6])
local time = redis.call('TIME')
redis.call('PUBLISH', ARGV[1], tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
return 1

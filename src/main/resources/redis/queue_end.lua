-- Ends a user's live token in one room at once (after a payment): its slot is freed for the next,
-- and nothing of it stays in Redis but its end time in the ended zset, kept the account grace
-- (an ended token reads its user's account that long, see queue_account.lua).
-- A waiting token leaves a hole in the line: its score goes to the departed zset, so that the
-- positions derived from scores (queue_head.lua) stop counting it at the next tick.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset, 4 seen zset, 5 owner hash, 6 the user's key,
--       7 departed zset, 8 ended zset (tokenId -> end ms)
-- ARGV: 1 the room's channel: told "<time ms> <tokenId>" when a token left (see dev.concert.queue.LineMoves),
--       2 the token to end ('': whichever the user holds; else only if it is the user's live one),
--       3 account grace ms (0: nothing is kept)
-- Returns 1 if a token was ended, else 0.
local existing = redis.call('GET', KEYS[6])
if not existing then
  return 0
end
local tokenId = string.sub(existing, 1, string.find(existing, ' ', 1, true) - 1)
if ARGV[2] ~= '' and ARGV[2] ~= tokenId then
  return 0
end
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
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local grace = tonumber(ARGV[3])
if grace > 0 then
  redis.call('ZADD', KEYS[8], now, tokenId)
  -- Every entry ended by now, so the zset outlives each of them by at least the grace.
  redis.call('PEXPIRE', KEYS[8], grace)
end
redis.call('PUBLISH', ARGV[1], now .. ' ' .. tokenId)
return 1

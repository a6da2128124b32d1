-- Issues a queue token, or returns the user's live one (refreshing never loses one's place).
-- KEYS: 1 tokens hash (userId -> "tokenId token"), 2 waiting zset (tokenId -> arrival seq),
--       3 active zset (tokenId -> activeUntil ms), 4 arrival sequence counter
-- ARGV: 1 userId, 2 candidate tokenId, 3 candidate signed token
-- Returns {created(0|1), token, state(WAITING|ACTIVE|EXPIRED), rank (0-based waiting rank or -1), activeUntilMs or -1}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then
  local space = string.find(existing, ' ', 1, true)
  local tokenId = string.sub(existing, 1, space - 1)
  local token = string.sub(existing, space + 1)
  local rank = redis.call('ZRANK', KEYS[2], tokenId)
  if rank then
    return {0, token, 'WAITING', rank, -1}
  end
  local activeUntil = redis.call('ZSCORE', KEYS[3], tokenId)
  if activeUntil and tonumber(activeUntil) > now then
    return {0, token, 'ACTIVE', -1, tonumber(activeUntil)}
  end
end

-- No live token: a new one joins the end of the line.
local seq = redis.call('INCR', KEYS[4])
redis.call('ZADD', KEYS[2], seq, ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ' ' .. ARGV[3])
return {1, ARGV[3], 'WAITING', redis.call('ZRANK', KEYS[2], ARGV[2]), -1}

-- The state of one token in its room, read atomically in one round trip (the gate's only Redis
-- call). A waiting token's read counts as a poll: it keeps the token from being abandoned.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset, 4 seen zset, 5 meta hash, 6 the user's key
-- ARGV: 1 tokenId, 2 opensAt ms (0: no opening), 3 admissions a second, 4 max active,
--       5 active lifetime ms, 6 waiting TTL ms
-- Returns {state(WAITING|ACTIVE|EXPIRED), position (-1: not known yet, 0: active), activeUntil ms or -1,
--          ms until the cap frees a slot for this position}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local opensAt = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local maxActive = tonumber(ARGV[4])
local lifetime = tonumber(ARGV[5])

-- Same as place() in queue_issue.lua.
local function place(tokenId)
  local activeUntil = redis.call('ZSCORE', KEYS[3], tokenId)
  if activeUntil then
    if tonumber(activeUntil) > now then
      return {'ACTIVE', 0, tonumber(activeUntil), 0}
    end
    return {'EXPIRED', -1, -1, 0}
  end
  if redis.call('ZSCORE', KEYS[1], tokenId) then
    return {'WAITING', -1, -1, 0}
  end
  local rank = redis.call('ZRANK', KEYS[2], tokenId)
  if not rank then
    return {'EXPIRED', -1, -1, 0}
  end
  local position = rank + 1
  if opensAt > 0 and redis.call('HGET', KEYS[5], 'opened') ~= '1' then
    position = position + redis.call('ZCARD', KEYS[1]) -- the pre-queue, not yet ordered, goes first
  end
  local activeCount = redis.call('ZCARD', KEYS[3])
  local k = position - math.max(0, maxActive - activeCount)
  local capWait = 0
  if k > 0 then
    local i = (k - 1) % maxActive
    local rounds = math.floor((k - 1) / maxActive)
    local base
    if i < activeCount then
      local entry = redis.call('ZRANGE', KEYS[3], i, i, 'WITHSCORES')
      base = math.max(0, tonumber(entry[2]) - now)
    else
      base = math.ceil((i - activeCount + 1) / rate) * 1000 + lifetime
    end
    capWait = base + rounds * lifetime
  end
  return {'WAITING', position, -1, capWait}
end

local p = place(ARGV[1])
if p[1] == 'WAITING' then
  redis.call('ZADD', KEYS[4], now, ARGV[1])
  local ttl = tonumber(ARGV[6])
  if opensAt > now then
    ttl = ttl + (opensAt - now)
  end
  redis.call('PEXPIRE', KEYS[6], ttl)
end
return p

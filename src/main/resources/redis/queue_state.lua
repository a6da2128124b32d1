-- The state of one token, read atomically in one round trip (the gate's only Redis call).
-- KEYS: 1 waiting zset, 2 active zset. ARGV: 1 tokenId
-- Returns {state(WAITING|ACTIVE|EXPIRED), rank (0-based waiting rank or -1), activeUntilMs or -1}
local activeUntil = redis.call('ZSCORE', KEYS[2], ARGV[1])
if activeUntil then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  if tonumber(activeUntil) > now then
    return {'ACTIVE', -1, tonumber(activeUntil)}
  end
  return {'EXPIRED', -1, -1}
end
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank then
  return {'WAITING', rank, -1}
end
-- Ended (paid), expired and swept, or never seen by this Redis.
return {'EXPIRED', -1, -1}

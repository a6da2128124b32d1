-- The ACTIVE gate's common case in the least work: is this token active now? One key, one
-- argument, one lookup. Any other answer (waiting, ended, or lost with Redis's data) goes on to
-- queue_state.lua, which tells which and does the bookkeeping (a waiting token's poll, a restore).
-- KEYS: 1 the room's active zset. ARGV: 1 tokenId.
-- Returns the token's activeUntil (epoch ms) if it is active now, else 0.
local activeUntil = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not activeUntil then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
activeUntil = tonumber(activeUntil)
if activeUntil > now then
  return activeUntil
end
return 0

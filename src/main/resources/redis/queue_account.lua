-- The identity gate: may this queue token read its user's account? A live token (waiting,
-- pre-queued or active) may; an ended one only until the account grace after its end. The end of
-- an active token is its activeUntil (still in the active zset until the tick takes it out); a
-- token ended otherwise (paid, abandoned) has its end in the ended zset, kept the grace.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset, 4 ended zset (tokenId -> end ms)
-- ARGV: 1 tokenId, 2 account grace ms
-- Returns 1 live, 2 ended within the grace, 0 ended before it, -1 unknown here (ended longer ago,
-- or lost with Redis's data: the caller asks queue_state.lua, which restores a lost live token).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local grace = tonumber(ARGV[2])
local function ended(at)
  if now < tonumber(at) + grace then
    return 2
  end
  return 0
end
local activeUntil = redis.call('ZSCORE', KEYS[3], ARGV[1])
if activeUntil then
  if tonumber(activeUntil) > now then
    return 1
  end
  return ended(activeUntil)
end
if redis.call('ZSCORE', KEYS[2], ARGV[1]) or redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 1
end
local endedAt = redis.call('ZSCORE', KEYS[4], ARGV[1])
if endedAt then
  return ended(endedAt)
end
return -1

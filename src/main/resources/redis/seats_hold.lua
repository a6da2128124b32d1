-- Holds every requested seat of one schedule for one reservation, or none of them.
-- A seat's field is absent (free), "H:<reservationId>:<heldUntilMs>" (held) or "S:<reservationId>" (sold).
-- A hold whose time plus a grace period has passed counts as free even if nobody released it,
-- so a lost release (Redis or instance failure) can never keep a seat blocked for good.
-- A caller that gave up waiting (Redis stalled, the request answered 503) must not find seats held
-- later: past the caller's deadline (epoch ms, 0 = none) the script does nothing.
-- KEYS: 1 the schedule's seat hash. ARGV: 1 reservationId, 2 hold ms, 3 grace ms, 4 deadline ms, 5.. seat numbers
-- Returns {1, heldUntilMs} when held, {0, first unavailable seat} when not, {-1, 0} when too late.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local deadline = tonumber(ARGV[4])
if deadline > 0 and now > deadline then
  return {-1, 0}
end
local grace = tonumber(ARGV[3])
for i = 5, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    if string.sub(value, 1, 1) == 'S' then
      return {0, tonumber(ARGV[i])}
    end
    local heldUntil = tonumber(string.match(value, ':(%d+)$'))
    if heldUntil == nil or heldUntil + grace > now then
      return {0, tonumber(ARGV[i])}
    end
  end
end
local heldUntil = now + tonumber(ARGV[2])
local value = 'H:' .. ARGV[1] .. ':' .. heldUntil
for i = 5, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], value)
end
return {1, heldUntil}

-- Holds every requested seat of one schedule for one reservation, or none of them.
-- A seat's field is absent (free), "H:<reservationId>:<heldUntilMs>" (held), "S:<reservationId>" (sold)
-- or "W" (withheld from the sale by an operator, seats_withhold.lua): only absent is free.
-- A hold whose time plus a grace period has passed counts as free even if nobody released it,
-- so a lost release (Redis or instance failure) can never keep a seat blocked for good.
-- The buyer's hash lists the seats of this schedule the buyer took (seat number to reservationId);
-- a seat counts against the per-buyer limit only while the seat hash still shows it held or sold
-- by that reservation, so expired, cancelled and refunded seats stop counting by themselves.
-- A caller that gave up waiting (Redis stalled, the request answered 503) must not find seats held
-- later: past the caller's deadline (epoch ms, 0 = none) the script does nothing.
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- Hold attempts per buyer and second (the rate limit, rate_bucket.lua) are counted here too, first:
-- one round trip instead of two per attempt. The bucket is the buyer's on this schedule, in the
-- schedule's hash slot, because a script may only touch keys of one Redis Cluster slot.
-- KEYS: 1 the schedule's seat hash, 2 the buyer's seats of the schedule, 3 the buyer's hold attempts
-- on the schedule. ARGV: 1 reservationId, 2 hold ms, 3 grace ms, 4 per-buyer limit (0: none),
-- 5 deadline ms, 6 hold attempts allowed per second (0: no rate limit), 7.. seat numbers
-- Returns {1, heldUntilMs} when held, {0, first unavailable seat} when not, {2, seats the buyer
-- already has} when the hold would pass the limit, {3, ms until an attempt is allowed} when over
-- the rate, {-1, 0} when too late (nothing done).
-- #include rate_bucket
local FIRST_SEAT = 7
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local deadline = tonumber(ARGV[5])
if deadline > 0 and now > deadline then
  return {-1, 0}
end
local rate = tonumber(ARGV[6])
if rate > 0 then
  local retry = gcra_acquire(KEYS[3], rate, 1000)
  if retry > 0 then
    return {3, retry}
  end
end
local grace = tonumber(ARGV[3])
for i = FIRST_SEAT, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    if value == 'W' or string.sub(value, 1, 1) == 'S' then
      return {0, tonumber(ARGV[i])}
    end
    local heldUntil = tonumber(string.match(value, ':(%d+)$'))
    if heldUntil == nil or heldUntil + grace > now then
      return {0, tonumber(ARGV[i])}
    end
  end
end
local limit = tonumber(ARGV[4])
if limit > 0 then
  local owned = 0
  local mine = redis.call('HGETALL', KEYS[2])
  for i = 1, #mine, 2 do
    local value = redis.call('HGET', KEYS[1], mine[i])
    local counts = false
    if value == 'S:' .. mine[i + 1] then
      counts = true
    elseif value and string.sub(value, 1, #mine[i + 1] + 3) == 'H:' .. mine[i + 1] .. ':' then
      counts = tonumber(string.match(value, ':(%d+)$')) + grace > now
    end
    if counts then
      owned = owned + 1
    else
      redis.call('HDEL', KEYS[2], mine[i])
    end
  end
  if owned + #ARGV - FIRST_SEAT + 1 > limit then
    return {2, owned}
  end
end
local heldUntil = now + tonumber(ARGV[2])
local value = 'H:' .. ARGV[1] .. ':' .. heldUntil
local changes = {}
for i = FIRST_SEAT, #ARGV do
  redis.call('HSET', KEYS[1], ARGV[i], value)
  changes[#changes + 1] = ARGV[i] .. 'H'
  if limit > 0 then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[1])
  end
end
redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
return {1, heldUntil}

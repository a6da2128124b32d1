-- Included (LuaScript, "-- #include seats_hold_steps") by seats_hold.lua and seats_best.lua: the
-- steps every hold shares, written once. Both scripts take the same KEYS 1-3 and ARGV 1-6:
-- KEYS: 1 the schedule's seat hash, 2 the buyer's seats of the schedule, 3 the buyer's hold attempts
-- on the schedule. ARGV: 1 reservationId, 2 hold ms, 3 grace ms, 4 per-buyer limit (0: none),
-- 5 deadline ms, 6 hold attempts allowed per second (0: no rate limit).
-- Needs rate_bucket included before it.

-- Redis's clock in ms: every hold's end and lapse is judged by it.
local function hold_now()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- A caller that gave up waiting (Redis stalled, the request answered 503) must not find seats held
-- later: past the caller's deadline (epoch ms, 0 = none) nothing is done ({-1, 0}). Then the hold
-- attempt is counted against the buyer's rate ({3, ms until an attempt is allowed} when over it).
-- Returns nil when the hold may go on.
local function hold_gate(now)
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
  return nil
end

-- Whether a seat's value leaves it free: absent, or a hold whose time plus grace has passed (a lost
-- release can never keep a seat blocked for good). Sold and withheld ("W") places never are.
local function hold_is_free(value, now)
  if not value then
    return true
  end
  if value == 'W' or string.sub(value, 1, 1) == 'S' then
    return false
  end
  local heldUntil = tonumber(string.match(value, ':(%d+)$'))
  return heldUntil ~= nil and heldUntil + tonumber(ARGV[3]) <= now
end

-- The places the buyer has of the schedule. A seat counts only while the seat hash still shows it
-- held or sold by the reservation the buyer's hash names, so expired, cancelled and refunded seats
-- stop counting by themselves (and are dropped from the buyer's hash).
local function hold_owned(now)
  local grace = tonumber(ARGV[3])
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
  return owned
end

-- The per-buyer limit: {2, places the buyer already has} when `wanted` more would pass it, else nil.
local function hold_over_limit(now, wanted)
  local limit = tonumber(ARGV[4])
  if limit > 0 then
    local owned = hold_owned(now)
    if owned + wanted > limit then
      return {2, owned}
    end
  end
  return nil
end

-- Holds `seats` (a list of seat numbers, all found free) for the reservation, notes them in the
-- buyer's hash, and PUBLISHes the change notice ("<seat>H ...") on the schedule's channel,
-- KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- Returns the hold's end (ms) and the seats that had no field before (for the row counts).
local function hold_apply(now, seats)
  local heldUntil = now + tonumber(ARGV[2])
  local value = 'H:' .. ARGV[1] .. ':' .. heldUntil
  local limited = tonumber(ARGV[4]) > 0
  local changes = {}
  local added = {}
  for i = 1, #seats do
    if redis.call('HSET', KEYS[1], seats[i], value) == 1 then
      added[#added + 1] = seats[i]
    end
    changes[#changes + 1] = seats[i] .. 'H'
    if limited then
      redis.call('HSET', KEYS[2], seats[i], ARGV[1])
    end
  end
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
  return heldUntil, added
end

-- Included (LuaScript, "-- #include rate_bucket") by rate_limit.lua and seats_hold.lua.
-- A rate limit on Redis's clock: a token bucket in its GCRA form, which keeps one number per key
-- (the time the bucket will be full again, the "theoretical arrival time", in µs). Up to `limit`
-- requests may come at once; then one per period/limit. A refused request changes nothing.
-- Returns 0 when allowed, else the ms until the next request would be allowed.
local function gcra_acquire(key, limit, period_ms)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
  local period = period_ms * 1000
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < now then
    tat = now
  end
  local next_tat = tat + period / limit
  local allowed_at = next_tat - period
  if allowed_at > now then
    return math.ceil((allowed_at - now) / 1000)
  end
  redis.call('SET', key, string.format('%.0f', next_tat), 'PX', math.ceil((next_tat - now) / 1000))
  return 0
end

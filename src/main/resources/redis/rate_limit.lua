-- One request against a rate limit, counted across instances on Redis's clock: a token bucket in
-- its GCRA form, which keeps one number per key (the time the bucket will be full again, the
-- "theoretical arrival time"). Up to `limit` requests may come at once; then one per period/limit.
-- A refused request changes nothing.
-- KEYS: 1 the limited thing (a user's or an address's counter). ARGV: 1 limit, 2 period ms.
-- Returns {1, 0} when allowed, {0, ms until the next request would be allowed} when refused.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local period = tonumber(ARGV[2]) * 1000
local interval = period / tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then
  tat = now
end
local nextTat = tat + interval
local allowedAt = nextTat - period
if allowedAt > now then
  return {0, math.ceil((allowedAt - now) / 1000)}
end
redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', math.ceil((nextTat - now) / 1000))
return {1, 0}

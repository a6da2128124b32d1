-- Admits waiting tokens in arrival order. Every instance runs this on its timer; because the
-- allowance comes from the time elapsed since the last admission (a token bucket kept here, on
-- Redis's clock), N instances ticking together admit exactly what one would.
-- Tested where it runs: QueueIntegrationTest (order, cap, saved-up credit, five instances at once).
-- KEYS: 1 waiting zset, 2 active zset, 3 bucket hash (credit, last)
-- ARGV: 1 admissions per second, 2 max active, 3 active lifetime ms
-- Returns {admitted, expired}
local rate = tonumber(ARGV[1])
local maxActive = tonumber(ARGV[2])
local lifetime = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

-- Active tokens past their time free their slots.
local expired = redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)

local bucket = redis.call('HMGET', KEYS[3], 'credit', 'last')
local credit = tonumber(bucket[1]) or 0
local last = tonumber(bucket[2]) or now
local elapsed = math.max(0, now - last)
-- At most one second's worth of admissions can be saved up.
credit = math.min(rate, credit + elapsed * rate / 1000)

local slots = maxActive - redis.call('ZCARD', KEYS[2])
local admit = math.min(math.floor(credit), slots)
local admitted = 0
if admit > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], admit)
  local until_ = now + lifetime
  for i = 1, #popped, 2 do
    redis.call('ZADD', KEYS[2], until_, popped[i])
    admitted = admitted + 1
  end
end
credit = credit - admitted
redis.call('HSET', KEYS[3], 'credit', tostring(credit), 'last', now)
return {admitted, expired}

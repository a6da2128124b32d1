-- Counts a new event stream of one client address, refused past the address's limit.
-- KEYS: 1 the address's streams (zset: stream id -> when its entry lapses, ms)
-- ARGV: 1 stream id, 2 limit, 3 lease ms (each heartbeat of the stream renews it, see
--       http_stream_renew.lua; the entries of an instance that died lapse by themselves)
-- Returns 1 if counted, 0 if the address has its limit open already (nothing is written).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return 1

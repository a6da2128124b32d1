-- Renews a stream's entry (at its heartbeat). An address entry is put back if it lapsed; a token
-- entry that is gone means the stream was ended by a newer one of its token (or lapsed), so the
-- stream must end.
-- KEYS: 1 the zset (a token's or an address's streams)
-- ARGV: 1 member, 2 lease ms, 3 "token" or "address"
-- Returns 1 if the stream may go on, 0 if it must end.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[2])
if ARGV[3] == 'token' and not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return 1

-- Counts a new event stream of one token; past the token's limit its oldest streams are ended:
-- taken out here and named on the eviction channel, which every instance hears (the one holding
-- such a stream ends it).
-- KEYS: 1 the token's streams (zset: "<opened at, ms, 15 digits>:<stream id>" -> when its entry
--       lapses, ms; the prefix orders members by opening)
-- ARGV: 1 stream id, 2 limit, 3 lease ms (renewed by each heartbeat, see http_stream_renew.lua),
--       4 the eviction channel
-- Returns {member of the new stream, members ended...}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local member = string.format('%015.0f', now) .. ':' .. ARGV[1]
redis.call('ZADD', KEYS[1], now + lease, member)
redis.call('PEXPIRE', KEYS[1], lease)
local answer = {member}
local open = redis.call('ZRANGE', KEYS[1], 0, -1)
local over = #open - tonumber(ARGV[2])
if over > 0 then
  table.sort(open)
  for i = 1, over do
    redis.call('ZREM', KEYS[1], open[i])
    redis.call('PUBLISH', ARGV[4], open[i])
    answer[#answer + 1] = open[i]
  end
end
return answer

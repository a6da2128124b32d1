-- The rooms due for a tick (with tokens, past their opening), with their versions.
-- KEYS: 1 due zset, 2 version hash. ARGV: 1 at most this many rooms
-- Returns {room, version, room, version, ...}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local rooms = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local out = {}
for _, room in ipairs(rooms) do
  out[#out + 1] = room
  out[#out + 1] = redis.call('HGET', KEYS[2], room) or '0'
end
return out

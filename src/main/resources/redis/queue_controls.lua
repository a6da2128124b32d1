-- Writes the operators' live controls of a room (PATCH /admin/concerts/{id}), unless a newer
-- version is there already (two PATCHes answered out of order, or a tick that wrote back a newer
-- record after a loss: see queue_admit.lua). From here on every instance's admission tick uses
-- them. The room's channel is told, so that its queue streams tick at once and show the pause.
-- KEYS: 1 controls hash (version, rate, cap, paused)
-- ARGV: 1 version, 2 admissions a second, 3 max active, 4 paused (1|0), 5 the room's channel
-- Returns 1 if written, 0 if a newer version was there.
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current > tonumber(ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'rate', ARGV[2], 'cap', ARGV[3], 'paused', ARGV[4])
local time = redis.call('TIME')
redis.call('PUBLISH', ARGV[5], tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
return 1

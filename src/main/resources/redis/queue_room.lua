-- A room as its operators see it (GET /admin/concerts/{id}/room), read at one instant.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset (tokenId -> activeUntil ms), 4 meta hash
--       (opened, openedAt, admitted, abandoned: see queue_admit.lua and queue_open.lua),
--       5 controls hash (paused as the admission reads it)
-- Returns {pre-queue, waiting, active (not yet past their time), admitted total, abandoned total,
--          openedAt ms or -1, paused in Redis (1|0|-1: no live copy)}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local meta = redis.call('HMGET', KEYS[4], 'admitted', 'abandoned', 'opened', 'openedAt')
local openedAt = -1
if meta[3] == '1' and meta[4] then
  openedAt = tonumber(meta[4])
end
local paused = -1
local live = redis.call('HGET', KEYS[5], 'paused')
if live then
  paused = live == '1' and 1 or 0
end
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), redis.call('ZCOUNT', KEYS[3], '(' .. now, '+inf'),
        tonumber(meta[1] or '0'), tonumber(meta[2] or '0'), openedAt, paused}

-- The head of one room's line, read once per tick by an instance with queue streams in the room;
-- each stream derives its position from its own order (its score in the waiting zset: its issue
-- seq, or its shuffled slot -n..-1 when it came through the pre-queue), not from a read of its own:
-- the scores from the head (or the first arrival) up to its own, minus the departed ones among them
-- (tokens that left the middle of the line: abandoned or ended, recorded by the scripts that
-- removed them, queue_admit.lua and queue_end.lua). So every position is exact at each tick, from
-- one read per room whatever the number of streams.
-- KEYS: 1 waiting zset, 2 meta hash (opened), 3 departed zset, 4 controls hash (paused: the
--       operators' live copy, see queue_controls.lua)
-- Returns {lowest score or '', how many shuffled (negative) scores, lowest positive score or '',
--          opened (1|0), the departed scores from the head on, ascending, paused (1|0|-1: no live copy)}
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local shuffled = redis.call('ZCOUNT', KEYS[1], '-inf', '(0')
local firstArrival = redis.call('ZRANGEBYSCORE', KEYS[1], '(0', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
local opened = 0
if redis.call('HGET', KEYS[2], 'opened') == '1' then
  opened = 1
end
local departed = {}
if head[2] then
  departed = redis.call('ZRANGEBYSCORE', KEYS[3], head[2], '+inf', 'WITHSCORES')
end
local scores = {}
for i = 2, #departed, 2 do
  scores[#scores + 1] = departed[i]
end
local paused = -1
local live = redis.call('HGET', KEYS[4], 'paused')
if live then
  paused = live == '1' and 1 or 0
end
return {head[2] or '', shuffled, firstArrival[2] or '', opened, scores, paused}

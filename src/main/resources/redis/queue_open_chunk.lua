-- One chunk of a room's opening (begun by queue_open.lua): the next ids of the drawn order (the
-- caller computed it from the room's seed and the pre-queue, see dev.concert.queue.OpeningOrder)
-- move from the pre-queue to the head of the line, with scores rank - size (ahead of every later
-- joiner, whose scores are positive arrival numbers), and onto the opening list. Each id must
-- still be in the pre-queue, and ranks only move forward: instances applying the same order at
-- once, or one resuming after another's crash, apply each rank once; a caller whose order came
-- from another set (an id it sends has left or was applied already) is refused. The chunk that
-- empties the pre-queue opens the room. Until then admission takes only ids of the order (negative
-- scores), so the head can be admitted while the rest is still being applied.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 meta hash, 4 opening list
-- ARGV: 1 how long the opening list is kept (ms), 2 the rank (0-based) of the first id given,
--       3.. ids of the drawn order from that rank on
-- Returns {0, openedAt ms} opened before; {1, openedAt ms} this chunk opened the room;
--         {2, ids applied so far}; {-1} the caller's order is not the room's (read it again)
if redis.call('HGET', KEYS[3], 'opened') == '1' then
  return {0, tonumber(redis.call('HGET', KEYS[3], 'openedAt'))}
end
-- #include queue_open_finish
local size = tonumber(redis.call('HGET', KEYS[3], 'drawSize'))
local drawn = tonumber(redis.call('HGET', KEYS[3], 'drawn'))
local offset = tonumber(ARGV[2])
if not size or offset > drawn then
  return {-1}
end
local ids = {}
for i = 3 + drawn - offset, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
if #ids == 0 then
  return {2, drawn}
end
-- In the pre-queue, each once (an id applied already has left it).
local scores = redis.call('ZMSCORE', KEYS[1], unpack(ids))
local seen = {}
for i = 1, #ids do
  if not scores[i] or seen[ids[i]] then
    return {-1}
  end
  seen[ids[i]] = true
end
local entries = {}
for i = 1, #ids do
  entries[2 * i - 1] = drawn + i - 1 - size
  entries[2 * i] = ids[i]
end
redis.call('ZADD', KEYS[2], unpack(entries))
redis.call('RPUSH', KEYS[4], unpack(ids))
redis.call('ZREM', KEYS[1], unpack(ids))
drawn = drawn + #ids
redis.call('HSET', KEYS[3], 'drawn', drawn)
if redis.call('ZCARD', KEYS[1]) == 0 then
  local time = redis.call('TIME')
  return {1, finish(tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000), ARGV[1])}
end
return {2, drawn}

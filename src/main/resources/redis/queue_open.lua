-- The opening of a room, exactly once however many instances try: the pre-queue, in the order the
-- caller computed from the room's seed (see dev.concert.queue.OpeningOrder), goes to the head of
-- the line. Applied only if the room is still unopened, the opening instant has passed on Redis's
-- clock (after which nobody joins the pre-queue), and the pre-queue is exactly the given ids.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 meta hash, 4 opening list (the order, kept for the reveal)
-- ARGV: 1 opensAt ms, 2 how long the opening list is kept (ms), 3.. the pre-queue's token ids in order
-- Returns {1, openedAt ms} opened now; {0, openedAt ms} opened before; {-1} the pre-queue changed;
--         {-2} too early
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if redis.call('HGET', KEYS[3], 'opened') == '1' then
  return {0, tonumber(redis.call('HGET', KEYS[3], 'openedAt'))}
end
if now < tonumber(ARGV[1]) then
  return {-2}
end
local n = #ARGV - 2
if redis.call('ZCARD', KEYS[1]) ~= n then
  return {-1}
end
for i = 3, #ARGV do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    return {-1}
  end
end
-- Scores -n..-1: ahead of every later joiner (their scores are positive arrival numbers).
redis.call('DEL', KEYS[4])
for i = 3, #ARGV do
  redis.call('ZADD', KEYS[2], i - 3 - n, ARGV[i])
  redis.call('RPUSH', KEYS[4], ARGV[i])
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[3], 'opened', '1', 'openedAt', now, 'preQueue', n)
if n > 0 then
  redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[2]))
end
return {1, now}

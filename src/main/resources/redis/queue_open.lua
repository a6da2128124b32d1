-- One step of a room's opening, exactly once per id however many instances call it at once. The
-- pre-queue is kept in the drawn order from each token's join on (scored by its draw key, see
-- queue_issue.lua and dev.concert.queue.OpeningOrder), so the opening computes nothing: each call
-- moves the next ids of that order from the pre-queue to the head of the line, with scores
-- rank - size (ahead of every later joiner, whose scores are positive arrival numbers), and onto
-- the opening list (the order, kept for the reveal). The first call, once the opening instant has
-- passed on Redis's clock, fixes the pre-queue (nobody joins it from then on) and already moves the
-- first ids, so admission (which takes only drawn ids until the room is open, queue_admit.lua) can
-- start at once. The call that empties the pre-queue opens the room. A pre-queue of 200,000 is 400
-- short calls, never one long one; an opener that dies between calls leaves nothing to repair:
-- whoever calls next moves the next ids.
-- KEYS: 1 pre-queue zset (tokenId -> draw key), 2 waiting zset, 3 meta hash, 4 opening list
-- ARGV: 1 opensAt ms, 2 how long the opening list is kept (ms), 3 ids moved per call
-- Returns {0, openedAt ms} opened before; {1, openedAt ms} opened now (nothing left to draw);
--         {2, ids drawn so far} being drawn: call again; {-2} too early
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if redis.call('HGET', KEYS[3], 'opened') == '1' then
  return {0, tonumber(redis.call('HGET', KEYS[3], 'openedAt'))}
end
local size = tonumber(redis.call('HGET', KEYS[3], 'drawSize'))
if not size then
  if now < tonumber(ARGV[1]) then
    return {-2}
  end
  size = redis.call('ZCARD', KEYS[1])
  redis.call('HSET', KEYS[3], 'drawSize', size, 'drawn', 0)
  redis.call('UNLINK', KEYS[4])
end
local drawn = tonumber(redis.call('HGET', KEYS[3], 'drawn'))
-- Lowest keys first; equal keys by the ids' bytes, as OpeningOrder breaks ties.
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[3]))
if #popped > 0 then
  local entries, ids = {}, {}
  for i = 1, #popped, 2 do
    local rank = drawn + #ids
    ids[#ids + 1] = popped[i]
    entries[#entries + 1] = rank - size
    entries[#entries + 1] = popped[i]
  end
  redis.call('ZADD', KEYS[2], unpack(entries))
  redis.call('RPUSH', KEYS[4], unpack(ids))
  drawn = drawn + #ids
  redis.call('HSET', KEYS[3], 'drawn', drawn)
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {2, drawn}
end
-- Every id moved: the room is open, the order stays for the reveal.
redis.call('HSET', KEYS[3], 'opened', '1', 'openedAt', now, 'preQueue', drawn)
redis.call('HDEL', KEYS[3], 'drawSize', 'drawn')
if drawn > 0 then
  redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[2]))
end
return {1, now}

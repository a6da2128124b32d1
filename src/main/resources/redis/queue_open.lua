-- The start of a room's opening (the draw), exactly once however many instances try: from the
-- opening instant on Redis's clock nobody joins the pre-queue, so its size is fixed here, and the
-- drawn order is then applied in bounded chunks by queue_open_chunk.lua (a pre-queue of 200,000
-- is never one call). Any instance may call this again at any time: it reports the progress, so
-- an opening interrupted between chunks (a crash) is resumed by whoever comes next, from the ids
-- applied so far (the opening list) and those still in the pre-queue.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 meta hash, 4 opening list (the order, kept for the reveal)
-- ARGV: 1 opensAt ms, 2 how long the opening list is kept (ms)
-- Returns {0, openedAt ms} opened before; {1, openedAt ms} opened now (nothing left to draw);
--         {2, ids applied so far} being drawn: apply the order from there; {-2} too early
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if redis.call('HGET', KEYS[3], 'opened') == '1' then
  return {0, tonumber(redis.call('HGET', KEYS[3], 'openedAt'))}
end
if now < tonumber(ARGV[1]) then
  return {-2}
end
-- #include queue_open_finish
if not redis.call('HGET', KEYS[3], 'drawSize') then
  redis.call('HSET', KEYS[3], 'drawSize', redis.call('ZCARD', KEYS[1]), 'drawn', 0)
  redis.call('UNLINK', KEYS[4])
end
if redis.call('ZCARD', KEYS[1]) == 0 then
  return {1, finish(now, ARGV[2])}
end
return {2, tonumber(redis.call('HGET', KEYS[3], 'drawn'))}

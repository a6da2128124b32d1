-- finish(now, keptMs): the last step of an opening (see queue_open.lua), once the pre-queue is
-- empty (every id moved to the line): the room is open, the order stays for the reveal.
-- Not a script of its own: included by queue_open.lua and queue_open_chunk.lua (same KEYS).
local function finish(now, keptMs)
  local drawn = tonumber(redis.call('HGET', KEYS[3], 'drawn')) or 0
  redis.call('HSET', KEYS[3], 'opened', '1', 'openedAt', now, 'preQueue', drawn)
  redis.call('HDEL', KEYS[3], 'drawSize', 'drawn')
  if drawn > 0 then
    redis.call('PEXPIRE', KEYS[4], tonumber(keptMs))
  end
  return now
end

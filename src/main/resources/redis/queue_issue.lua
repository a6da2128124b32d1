-- Issues a queue token in one room, or returns the user's live one there (refreshing never loses
-- one's place). Before the room's opening a new token joins the pre-queue, scored by its draw key
-- (so the pre-queue is always in the order the opening gives, queue_open.lua; the key is secret
-- until then, like the seed it comes from, and the pre-queue's positions are never shown); after
-- it, the end of the line. Every key of a room shares its hash tag.
-- KEYS: 1 pre-queue zset (tokenId -> draw key), 2 waiting zset (tokenId -> order score),
--       3 active zset (tokenId -> activeUntil ms), 4 seen zset (tokenId -> last poll ms),
--       5 owner hash (tokenId -> userId), 6 sequence counter, 7 meta hash (opened),
--       8 the user's key ("tokenId issuedAtSeconds seq", expires with the token)
-- ARGV: 1 userId, 2 candidate tokenId, 3 candidate issuedAt seconds, 4 opensAt ms (0: no opening),
--       5 waiting TTL ms, 6 admissions a second, 7 max active, 8 active lifetime ms,
--       9 the candidate's draw key (dev.concert.queue.OpeningOrder.drawKey: an integer below 2^52)
-- Returns {created(0|1), tokenId, issuedAtSeconds, seq, state, position (-1: not known yet),
--          activeUntil ms or -1, ms until the cap frees a slot for this position}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local opensAt = tonumber(ARGV[4])
local rate = tonumber(ARGV[6])
local maxActive = tonumber(ARGV[7])
local lifetime = tonumber(ARGV[8])

local room = {preQueue = KEYS[1], waiting = KEYS[2], active = KEYS[3], meta = KEYS[7], now = now,
              opensAt = opensAt, rate = rate, maxActive = maxActive, lifetime = lifetime}
-- #include queue_place

local existing = redis.call('GET', KEYS[8])
if existing then
  local a = string.find(existing, ' ', 1, true)
  local b = string.find(existing, ' ', a + 1, true)
  local tokenId = string.sub(existing, 1, a - 1)
  local p = place(room, tokenId)
  if p[1] ~= 'EXPIRED' then
    if p[1] == 'WAITING' then
      redis.call('ZADD', KEYS[4], now, tokenId) -- asking again counts as a poll
    end
    return {0, tokenId, tonumber(string.sub(existing, a + 1, b - 1)), tonumber(string.sub(existing, b + 1)),
            p[1], p[2], p[3], p[4]}
  end
  redis.call('HDEL', KEYS[5], tokenId)
  redis.call('ZREM', KEYS[4], tokenId)
end

-- No live token: a new one. The room's issue numbers start at its base, Redis's time in ms times
-- 1000, when its keys are first created: after Redis lost them, new numbers come after every number
-- issued before, and a token with a lower number is known to have lost its state rather than ended
-- (queue_state.lua restores it).
if not redis.call('HGET', KEYS[7], 'base') then
  local b = 0 -- a counter from before bases existed: nothing can be told lost
  if redis.call('EXISTS', KEYS[6]) == 0 then
    b = now * 1000
    redis.call('SET', KEYS[6], b)
  end
  redis.call('HSET', KEYS[7], 'base', b)
end
local tokenId = ARGV[2]
local seq = redis.call('INCR', KEYS[6])
local ttl = tonumber(ARGV[5])
if opensAt > 0 and now < opensAt and redis.call('HGET', KEYS[7], 'opened') ~= '1' then
  redis.call('ZADD', KEYS[1], ARGV[9], tokenId)
  ttl = ttl + (opensAt - now)
else
  -- After the opening: behind the shuffled pre-queue (negative scores) in arrival order.
  redis.call('ZADD', KEYS[2], seq, tokenId)
end
redis.call('ZADD', KEYS[4], now, tokenId)
redis.call('HSET', KEYS[5], tokenId, ARGV[1])
-- %d, not '..': Lua would write an issue number past 10^14 as 1.79e+15, losing its last digits.
redis.call('SET', KEYS[8], tokenId .. ' ' .. ARGV[3] .. ' ' .. string.format('%d', seq), 'PX', ttl)
local p = place(room, tokenId)
return {1, tokenId, tonumber(ARGV[3]), seq, p[1], p[2], p[3], p[4]}

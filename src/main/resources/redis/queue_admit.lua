-- One room's tick: ended active tokens and abandoned waiting ones leave (with their user keys),
-- then, once the room is open, waiting tokens are admitted in order. Every instance runs this on
-- its timer; because the allowance comes from the time elapsed since the last admission (a token
-- bucket kept here, on Redis's clock), N instances ticking together admit exactly what one would.
-- Work is bounded by what leaves and what is admitted, never by how many wait.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset, 4 seen zset, 5 owner hash,
--       6 bucket hash (credit, last), 7 meta hash (opened), 8 departed zset (scores of tokens that
--       left the line other than from its head, still above it: see queue_head.lua),
--       9 ended zset (tokenId -> end ms, kept the account grace: see queue_account.lua),
--       10 controls hash (version, rate, cap, paused: the operators' live controls, see queue_controls.lua)
-- ARGV: 1 admissions per second, 2 max active, 3 active lifetime ms, 4 abandon after ms,
--       5 opensAt ms (0: no opening), 6 prefix of the user keys, 7 grace ms a user key outlives its token,
--       8 the room's channel: told "<time ms>[ <tokenId>...]" when the line moved, naming the tokens
--       that ended (active time up) or were dropped, so that the queue streams of every instance
--       tick at once and the streams of an ended token end (see dev.concert.queue.LineMoves),
--       9 account grace ms: how long an ended token's end is kept (0: not kept),
--       10 the caller's controls version (its room as last read from Postgres; 0: never changed),
--       11 paused (1|0) by the caller's controls
-- The rate, cap and pause are the newest of the caller's (ARGV 1, 2, 11) and the live copy
-- (KEYS 10): a change is in force on every instance from the moment its PATCH wrote the copy, and
-- after Redis lost the copy the first tick of a caller that has read the change writes it back.
-- Returns {admitted, expired, abandoned, waiting, active, pre-queue, paused (1|0)}
local rate = tonumber(ARGV[1])
local maxActive = tonumber(ARGV[2])
local lifetime = tonumber(ARGV[3])
local abandonAfter = tonumber(ARGV[4])
local opensAt = tonumber(ARGV[5])
local userPrefix = ARGV[6]
local grace = tonumber(ARGV[7])
local accountGrace = tonumber(ARGV[9])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local version = tonumber(ARGV[10])
local paused = ARGV[11] == '1'
local live = redis.call('HMGET', KEYS[10], 'version', 'rate', 'cap', 'paused')
if live[1] and tonumber(live[1]) >= version then
  rate = tonumber(live[2])
  maxActive = tonumber(live[3])
  paused = live[4] == '1'
elseif version > 0 then
  redis.call('HSET', KEYS[10], 'version', version, 'rate', rate, 'cap', maxActive, 'paused', paused and '1' or '0')
end

-- A token that ended takes its owner entry and (if it still names this token) its user key along.
local function forget(tokenId)
  local user = redis.call('HGET', KEYS[5], tokenId)
  if user then
    local key = userPrefix .. user
    local value = redis.call('GET', key)
    if value and string.sub(value, 1, #tokenId + 1) == tokenId .. ' ' then
      redis.call('DEL', key)
    end
    redis.call('HDEL', KEYS[5], tokenId)
  end
end

-- An ended token's end, kept while it may still read its user's account.
local endsKept = 0
local function keepEnd(tokenId, endedAt)
  if endedAt + accountGrace > now then
    redis.call('ZADD', KEYS[9], endedAt, tokenId)
    endsKept = endsKept + 1
  end
end

-- The ids of the tokens that end in this tick (told on the room's channel).
local gone = {}

-- Active tokens past their time free their slots; each ended at its activeUntil.
local ended = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 1000, 'WITHSCORES')
for i = 1, #ended, 2 do
  local tokenId = ended[i]
  gone[#gone + 1] = tokenId
  forget(tokenId)
  redis.call('ZREM', KEYS[3], tokenId)
  keepEnd(tokenId, tonumber(ended[i + 1]))
end

local opened = opensAt == 0 or redis.call('HGET', KEYS[7], 'opened') == '1'
-- While the opening moves its order chunk by chunk (queue_open.lua), the ids drawn so far
-- (negative scores, at their final places) may be admitted; later joiners wait for the end of it.
local drawing = not opened and redis.call('HEXISTS', KEYS[7], 'drawSize') == 1
local admitted = 0
local abandoned = 0
if opened or drawing then
  -- Waiting tokens nobody polled for abandonAfter leave the line.
  -- Each ended abandonAfter after its last poll. (Not during the draw: nobody had a place yet.)
  local stale = {}
  if opened then
    stale = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now - abandonAfter, 'LIMIT', 0, 1000, 'WITHSCORES')
  end
  for i = 1, #stale, 2 do
    local tokenId = stale[i]
    redis.call('ZREM', KEYS[4], tokenId)
    local score = redis.call('ZSCORE', KEYS[2], tokenId)
    if score then
      redis.call('ZREM', KEYS[2], tokenId)
      redis.call('ZADD', KEYS[8], score, tokenId)
      forget(tokenId)
      abandoned = abandoned + 1
      keepEnd(tokenId, tonumber(stale[i + 1]) + abandonAfter)
      gone[#gone + 1] = tokenId
    end
  end

  local bucket = redis.call('HMGET', KEYS[6], 'credit', 'last')
  -- A room's first tick starts with a full second's worth, as if it had been idle: the first
  -- admissions come at the opening's own tick, not one tick interval after it.
  local credit = tonumber(bucket[1]) or rate
  local last = tonumber(bucket[2]) or now
  local elapsed = math.max(0, now - last)
  -- At most one second's worth of admissions can be saved up; a paused room saves up nothing.
  credit = math.min(rate, credit + elapsed * rate / 1000)
  if paused then
    credit = 0
  end

  local slots = maxActive - redis.call('ZCARD', KEYS[3])
  local admit = math.min(math.floor(credit), slots)
  if admit > 0 then
    local popped
    if opened then
      popped = redis.call('ZPOPMIN', KEYS[2], admit)
    else
      popped = redis.call('ZRANGE', KEYS[2], '-inf', '(0', 'BYSCORE', 'LIMIT', 0, admit, 'WITHSCORES')
      for i = 1, #popped, 2 do
        redis.call('ZREM', KEYS[2], popped[i])
      end
    end
    local until_ = now + lifetime
    for i = 1, #popped, 2 do
      local tokenId = popped[i]
      redis.call('ZADD', KEYS[3], until_, tokenId)
      redis.call('ZREM', KEYS[4], tokenId)
      local user = redis.call('HGET', KEYS[5], tokenId)
      if user then
        redis.call('PEXPIRE', userPrefix .. user, lifetime + grace)
      end
      admitted = admitted + 1
    end
  end
  credit = credit - admitted
  redis.call('HSET', KEYS[6], 'credit', tostring(credit), 'last', now)
end
-- The room's totals, for its operators (GET /admin/concerts/{id}/room).
if admitted > 0 then
  redis.call('HINCRBY', KEYS[7], 'admitted', admitted)
end
if abandoned > 0 then
  redis.call('HINCRBY', KEYS[7], 'abandoned', abandoned)
end
-- Ends past the grace no longer read anything; every end kept is at most now, so the zset
-- outlives each of them by at least the grace (also once the room is idle and no longer ticks).
redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', '(' .. (now - accountGrace))
if endsKept > 0 then
  redis.call('PEXPIRE', KEYS[9], accountGrace)
end
-- Departures below the head no longer count for any position.
local head = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if head[2] then
  redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', '(' .. head[2])
else
  redis.call('DEL', KEYS[8])
end
if admitted + abandoned + #ended > 0 then
  redis.call('PUBLISH', ARGV[8], #gone > 0 and (now .. ' ' .. table.concat(gone, ' ')) or now)
end
return {admitted, #ended / 2, abandoned, redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[3]),
        redis.call('ZCARD', KEYS[1]), paused and 1 or 0}

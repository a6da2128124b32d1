-- The state of one token in its room, read atomically in one round trip (the gate's only Redis
-- call). A waiting token's read counts as a poll: it keeps the token from being abandoned.
-- A token that Redis no longer knows, but whose signed issue number is below the room's base (the
-- first number of the room's current keys, see queue_issue.lua), was issued before Redis lost the
-- room's data: it has not ended, its state was lost. It takes back its place by that number
-- (before the opening: the pre-queue, by its draw key; after: the line, pre-queue joiners ahead
-- at their drawn places, later ones in arrival order), with its owner entry and user key, and the
-- room is marked opened again if its opening has passed. The admission tick then re-admits the
-- line in that order, at the room's rate and never past its cap: the formerly active, issued
-- first, come back first.
-- KEYS: 1 pre-queue zset, 2 waiting zset, 3 active zset, 4 seen zset, 5 meta hash, 6 the user's key,
--       7 owner hash, 8 sequence counter, 9 restored set (tokens restored once: an end after that is final)
-- ARGV: 1 tokenId, 2 opensAt ms (0: no opening), 3 admissions a second, 4 max active,
--       5 active lifetime ms, 6 waiting TTL ms, 7 userId, 8 the token's signed issue number (0: unknown),
--       9 the token's signed issuedAt seconds, 10 for a pre-queue joiner after the opening, its score
--       in the drawn order (rank - pre-queue size), 'none' if no order was recorded, '' not looked up,
--       11 the token's draw key (its score in the pre-queue, see queue_issue.lua)
-- Returns {state(WAITING|ACTIVE|EXPIRED), position (-1: not known yet, 0: active), activeUntil ms or -1,
--          ms until the cap frees a slot for this position, 1 if the token was restored, 2 if it
--          would be with its drawn score (ARGV 10), else 0}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local opensAt = tonumber(ARGV[2])
local rate = tonumber(ARGV[3])
local maxActive = tonumber(ARGV[4])
local lifetime = tonumber(ARGV[5])

local room = {preQueue = KEYS[1], waiting = KEYS[2], active = KEYS[3], meta = KEYS[5], now = now,
              opensAt = opensAt, rate = rate, maxActive = maxActive, lifetime = lifetime}
-- #include queue_place

-- The room's base (see queue_issue.lua); created here when the room's keys are gone.
local function base()
  local b = redis.call('HGET', KEYS[5], 'base')
  if b then
    return tonumber(b)
  end
  if redis.call('EXISTS', KEYS[8]) == 1 then
    b = 0 -- a counter from before bases existed: nothing can be told lost
  else
    b = now * 1000
    redis.call('SET', KEYS[8], b)
  end
  redis.call('HSET', KEYS[5], 'base', b)
  return b
end

local p = place(room, ARGV[1])
local restored = 0
local seq = tonumber(ARGV[8])
local issuedAt = tonumber(ARGV[9]) * 1000
local toPreQueue = opensAt > 0 and now < opensAt and redis.call('HGET', KEYS[5], 'opened') ~= '1'
local drawn = opensAt > 0 and issuedAt < opensAt and not toPreQueue
if p[1] == 'EXPIRED' and not redis.call('ZSCORE', KEYS[3], ARGV[1]) and seq > 0 and seq < base()
    and redis.call('SISMEMBER', KEYS[9], ARGV[1]) == 0 then
  if drawn and ARGV[10] == '' then
    -- A pre-queue joiner after the opening: its place is its rank in the drawn order, which the
    -- caller reads from Postgres and sends with a second call.
    p[5] = 2
    return p
  end
  redis.call('SADD', KEYS[9], ARGV[1])
  -- Kept as long as a token can live (24 h): a restored token that ends later stays ended.
  redis.call('PEXPIRE', KEYS[9], 86400000)
  if toPreQueue then
    redis.call('ZADD', KEYS[1], ARGV[11], ARGV[1])
  else
    if opensAt > 0 and redis.call('HGET', KEYS[5], 'opened') ~= '1' then
      -- The opening happened before the loss (its order is in Postgres); the admission must not wait for another.
      redis.call('HSET', KEYS[5], 'opened', '1', 'openedAt', now, 'preQueue', 0)
    end
    local score = seq
    if drawn then
      if ARGV[10] == 'none' then
        -- No drawn order recorded: ahead of every later joiner, in the draw's order (its key).
        score = tonumber(ARGV[11]) - 4503599627370496
      else
        score = tonumber(ARGV[10]) -- its score from the opening: rank - pre-queue size
      end
    end
    redis.call('ZADD', KEYS[2], score, ARGV[1])
  end
  redis.call('HSET', KEYS[7], ARGV[1], ARGV[7])
  redis.call('SET', KEYS[6], ARGV[1] .. ' ' .. ARGV[9] .. ' ' .. ARGV[8], 'PX', tonumber(ARGV[6]))
  restored = 1
  p = place(room, ARGV[1])
end
p[5] = restored
if p[1] == 'WAITING' then
  redis.call('ZADD', KEYS[4], now, ARGV[1])
  local ttl = tonumber(ARGV[6])
  if opensAt > now then
    ttl = ttl + (opensAt - now)
  end
  redis.call('PEXPIRE', KEYS[6], ttl)
end
return p

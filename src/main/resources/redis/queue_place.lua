-- place(room, tokenId): one token's state and place in its room. Not a script of its own: it is
-- included (LuaScript, "-- #include queue_place") by queue_issue.lua and queue_state.lua, which
-- name the room's keys differently.
-- room: preQueue, waiting, active (zset keys), meta (hash key), now (Redis time ms), opensAt (ms,
--       0: no opening), rate (admissions a second), maxActive, lifetime (active lifetime ms)
-- Returns {state(WAITING|ACTIVE|EXPIRED), position (-1: not known yet, 0: active), activeUntil ms
--          or -1, ms until the cap frees a slot for this position}
local function place(room, tokenId)
  local now = room.now
  local activeUntil = redis.call('ZSCORE', room.active, tokenId)
  if activeUntil then
    if tonumber(activeUntil) > now then
      return {'ACTIVE', 0, tonumber(activeUntil), 0}
    end
    return {'EXPIRED', -1, -1, 0}
  end
  if redis.call('ZSCORE', room.preQueue, tokenId) then
    return {'WAITING', -1, -1, 0}
  end
  local rank = redis.call('ZRANK', room.waiting, tokenId)
  if not rank then
    return {'EXPIRED', -1, -1, 0}
  end
  local position = rank + 1
  if room.opensAt > 0 and redis.call('HGET', room.meta, 'opened') ~= '1'
      and tonumber(redis.call('ZSCORE', room.waiting, tokenId)) > 0 then
    -- A later joiner: the pre-queue not yet drawn goes first. (During the draw, ids already
    -- drawn are in the line with negative scores at their final places: their rank is exact.)
    position = position + redis.call('ZCARD', room.preQueue)
  end
  -- The k-th slot to free for this position: an active token's end, or (slots free now) the end
  -- of the token admitted into it; every full round of the cap adds one lifetime.
  local maxActive = room.maxActive
  local activeCount = redis.call('ZCARD', room.active)
  local k = position - math.max(0, maxActive - activeCount)
  local capWait = 0
  if k > 0 then
    local i = (k - 1) % maxActive
    local rounds = math.floor((k - 1) / maxActive)
    local base
    if i < activeCount then
      local entry = redis.call('ZRANGE', room.active, i, i, 'WITHSCORES')
      base = math.max(0, tonumber(entry[2]) - now)
    else
      base = math.ceil((i - activeCount + 1) / room.rate) * 1000 + room.lifetime
    end
    capWait = base + rounds * room.lifetime
  end
  return {'WAITING', position, -1, capWait}
end

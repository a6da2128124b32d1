-- Included (LuaScript, "-- #include seats_rows") by every script that changes seats: the date's rows
-- as best available (seats_best.lua) reads them, kept in the schedule's hash slot and written by
-- seats_layout.lua. Present only once a best-available hold asked for them; until then (and after
-- a Redis loss, until the next best-available hold writes them again) every function here is a no-op.
-- The layout hash: "s<i>" → "<first row> <last row>" of section i (venue order, from 0); "<j>" →
-- "<first seat> <last seat> <1 standing|0 seated> <taken> <aux>" of row j (layout order, from 0; a
-- standing floor is one row). "taken" counts the row's seats that have a field in the seat hash
-- (held, sold, or a lapsed hold nobody released yet). "aux" on a seated row is an upper bound on its
-- longest stretch of seats without a field; on a standing floor the lowest entry number that may
-- be without a field (every one below it has one).
-- The fits zset: row j with score level * ROWS_LEVEL + j, level = min(4, the row's bound on places
-- that fit together: aux when seated, free places when standing); a row with level 0 is absent.
-- So "the first row of rows r0..r1 where q places may fit" is a few ZRANGEBYSCOREs, whatever the hall.
local ROWS_LEVEL = 1048576

local function rows_read(layout, j)
  local value = redis.call('HGET', layout, j)
  local first, last, standing, taken, aux = string.match(value, '^(%d+) (%d+) (%d) (%d+) (%d+)$')
  return {first = tonumber(first), last = tonumber(last), standing = standing == '1', taken = tonumber(taken),
    aux = tonumber(aux)}
end

local function rows_level(row)
  local bound = row.aux
  if row.standing then
    bound = row.last - row.first + 1 - row.taken
  end
  return math.min(4, bound)
end

local function rows_write(layout, fits, j, row, old_level)
  redis.call('HSET', layout, j, row.first .. ' ' .. row.last .. ' ' .. (row.standing and '1' or '0') .. ' '
    .. row.taken .. ' ' .. row.aux)
  local level = rows_level(row)
  if level ~= old_level then
    if level == 0 then
      redis.call('ZREM', fits, j)
    else
      redis.call('ZADD', fits, level * ROWS_LEVEL + tonumber(j), j)
    end
  end
end

-- Seats that gained (delta 1) or lost (delta -1) their field in the seat hash: their rows' counts
-- follow, in the same step. Freeing a seat can at most join the stretches on its two sides, so a
-- seated row's bound grows to at most twice itself plus one (and never past its free places).
local function rows_seats_changed(layout, rows, fits, seats, delta)
  if #seats == 0 or redis.call('EXISTS', layout) == 0 then
    return
  end
  for i = 1, #seats do
    local seat = tonumber(seats[i])
    local j = redis.call('ZREVRANGEBYSCORE', rows, seat, '-inf', 'LIMIT', 0, 1)[1]
    if j then
      local row = rows_read(layout, j)
      local old_level = rows_level(row)
      row.taken = row.taken + delta
      local free = row.last - row.first + 1 - row.taken
      if row.standing then
        if delta < 0 and seat < row.aux then
          row.aux = seat
        end
      elseif delta > 0 then
        row.aux = math.min(row.aux, free)
      else
        row.aux = math.min(free, 2 * row.aux + 1)
      end
      rows_write(layout, fits, j, row, old_level)
    end
  end
end

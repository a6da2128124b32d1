-- Best available: picks the best free places of a grade or section and holds them for one
-- reservation, in this one step (so two buyers never get the same place, on any instance).
-- The same gate, per-buyer limit, hold and change notice as a hold by seat numbers
-- (seats_hold_steps.lua); the choice reads the date's rows (seats_rows.lua):
-- - together (seated): `quantity` adjacent seats in one row; the first row, in the given sections'
--   order then row order, where they fit, and there the block nearest the row's middle (on a tie,
--   the lower seats). A row that looked possible and has no such block gets its exact longest
--   stretch written back, so it is not read again for this quantity until a seat in it is freed.
-- - spread (together 0): the free seats nearest each row's middle, rows in the same order.
-- - standing floors: the lowest free entry numbers, from the floor's cursor up.
-- KEYS: 1-3 as seats_hold.lua, 4-6 the date's layout, row lookup and row fits, 7 the date's
-- cancelled marker (seats_on_sale.lua).
-- ARGV: 1-6 as seats_hold.lua, 7 quantity, 8 together (1 or 0), 9.. the section indices to search,
-- best first.
-- Returns {1, heldUntilMs, seat, ...} when held, {0, 0} when no places fit, {2, places the buyer
-- already has} over the per-buyer limit, {3, ms} over the hold rate, {-1, 0} too late, {4, 0} when
-- the date's rows are not in Redis (nothing counted or done: write them, seats_layout.lua, and ask again),
-- {5, 0} when the date is cancelled (nothing counted or done).
-- #include rate_bucket
-- #include seats_hold_steps
-- #include seats_rows
-- #include seats_on_sale
if schedule_cancelled(KEYS[7]) then
  return {5, 0}
end
if redis.call('EXISTS', KEYS[4]) == 0 then
  return {4, 0}
end
local now = hold_now()
local refused = hold_gate(now)
if refused then
  return refused
end
local quantity = tonumber(ARGV[7])
local together = ARGV[8] == '1'
refused = hold_over_limit(now, quantity)
if refused then
  return refused
end

-- The first row of rows r0..r1 after row `after` whose level is at least `least`.
local function next_row(r0, r1, least, after)
  local from = math.max(r0, after + 1)
  local found = nil
  for level = least, 4 do
    local j = redis.call('ZRANGEBYSCORE', KEYS[6], level * ROWS_LEVEL + from, level * ROWS_LEVEL + r1, 'LIMIT', 0, 1)[1]
    if j and (found == nil or tonumber(j) < found) then
      found = tonumber(j)
    end
  end
  return found
end

-- The longest stretch of seats without a field, leaving out `taking` (positions in the row).
local function longest_absent(values, taking)
  local longest, run = 0, 0
  for p = 1, #values do
    if values[p] or taking[p] then
      run = 0
    else
      run = run + 1
      if run > longest then
        longest = run
      end
    end
  end
  return longest
end

-- Up to `want` places of a seated row: a block of `want` when together, else the free seats
-- nearest the middle. Returns the seats, how many of them had no field, and the row's new bound.
local function take_seated(row, want)
  local fields = {}
  for seat = row.first, row.last do
    fields[#fields + 1] = seat
  end
  local values = redis.call('HMGET', KEYS[1], unpack(fields))
  local n = #values
  local positions = {}
  if together then
    local best, best_distance, run = nil, nil, 0
    for p = 1, n do
      if hold_is_free(values[p], now) then
        run = run + 1
      else
        run = 0
      end
      if run >= want then
        local start = p - want + 1
        local distance = math.abs(2 * start + want - 1 - (n + 1))
        if best == nil or distance < best_distance then
          best, best_distance = start, distance
        end
      end
    end
    if best then
      for p = best, best + want - 1 do
        positions[#positions + 1] = p
      end
    end
  else
    local free = {}
    for p = 1, n do
      if hold_is_free(values[p], now) then
        free[#free + 1] = p
      end
    end
    table.sort(free, function(a, b)
      local da, db = math.abs(2 * a - (n + 1)), math.abs(2 * b - (n + 1))
      if da ~= db then
        return da < db
      end
      return a < b
    end)
    for i = 1, math.min(want, #free) do
      positions[i] = free[i]
    end
  end
  local taking, seats, absent = {}, {}, 0
  for i = 1, #positions do
    local p = positions[i]
    taking[p] = true
    seats[i] = row.first + p - 1
    if not values[p] then
      absent = absent + 1
    end
  end
  return seats, absent, longest_absent(values, taking)
end

-- Up to `want` of a standing floor's lowest free entry numbers, from its cursor up; returns them,
-- how many had no field, and the new cursor (every entry below it has a field once these are held).
local function take_standing(row, want)
  local seats, absent, seat = {}, 0, row.aux
  while #seats < want and seat <= row.last do
    local fields = {}
    for s = seat, math.min(row.last, seat + 63) do
      fields[#fields + 1] = s
    end
    local values = redis.call('HMGET', KEYS[1], unpack(fields))
    for i = 1, #values do
      if #seats < want and hold_is_free(values[i], now) then
        seats[#seats + 1] = fields[i]
        if not values[i] then
          absent = absent + 1
        end
      end
    end
    seat = fields[#fields] + 1
  end
  local cursor = row.last + 1
  if #seats == want then
    cursor = seats[#seats] + 1
  end
  return seats, absent, cursor
end

local picked, updates = {}, {}
for s = 9, #ARGV do
  if #picked == quantity then
    break
  end
  local r0, r1 = string.match(redis.call('HGET', KEYS[4], 's' .. ARGV[s]), '^(%d+) (%d+)$')
  r0, r1 = tonumber(r0), tonumber(r1)
  local after = r0 - 1
  while #picked < quantity do
    local want = quantity - #picked
    local j = next_row(r0, r1, together and want or 1, after)
    if j == nil then
      break
    end
    after = j
    local row = rows_read(KEYS[4], j)
    local old_level = rows_level(row)
    local seats, absent, aux
    if row.standing then
      seats, absent, aux = take_standing(row, want)
    else
      seats, absent, aux = take_seated(row, want)
    end
    if #seats == 0 or (together and #seats < want) then
      if not row.standing then
        -- Looked possible, is not: the exact bound, so the row drops out of this quantity's fits.
        row.aux = aux
        rows_write(KEYS[4], KEYS[6], j, row, old_level)
      end
    else
      for i = 1, #seats do
        picked[#picked + 1] = seats[i]
      end
      row.taken = row.taken + absent
      row.aux = aux
      updates[#updates + 1] = {j, row, old_level}
    end
  end
end
if #picked < quantity then
  return {0, 0}
end
local heldUntil = hold_apply(now, picked)
for i = 1, #updates do
  rows_write(KEYS[4], KEYS[6], updates[i][1], updates[i][2], updates[i][3])
end
table.sort(picked)
local answer = {1, heldUntil}
for i = 1, #picked do
  answer[i + 2] = picked[i]
end
return answer

-- Writes a date's rows for best available (the layout hash, row lookup and fits of seats_rows.lua)
-- when they are missing: the first best-available hold of the date, and the first after a Redis
-- loss. Each row's taken count comes from the seat hash as it is in this same step, so the counts
-- the other scripts keep from here on are exact. Written already (another instance was first):
-- nothing is done.
-- KEYS: 1 the schedule's seat hash, 2-4 the date's layout, row lookup and row fits.
-- ARGV: 1 number of sections S, 2..S+1 "<first row> <last row>" of each section in venue order,
-- then one "<first seat> <last seat> <1 standing|0 seated>" per row in layout order.
-- Returns 1 when written, 0 when already there.
-- #include seats_rows
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
local sections = tonumber(ARGV[1])
for i = 1, sections do
  redis.call('HSET', KEYS[2], 's' .. (i - 1), ARGV[i + 1])
end
local firsts, rows = {}, {}
for a = sections + 2, #ARGV do
  local first, last, standing = string.match(ARGV[a], '^(%d+) (%d+) (%d)$')
  local row = {first = tonumber(first), last = tonumber(last), standing = standing == '1', taken = 0}
  rows[#rows + 1] = row
  firsts[#firsts + 1] = row.first
end
-- Count what the seat hash holds per row (binary search over the rows' first seats).
local taken = redis.call('HKEYS', KEYS[1])
for i = 1, #taken do
  local seat = tonumber(taken[i])
  local low, high = 1, #firsts
  while low < high do
    local middle = math.floor((low + high + 1) / 2)
    if firsts[middle] <= seat then
      low = middle
    else
      high = middle - 1
    end
  end
  if seat and rows[low] and seat <= rows[low].last then
    rows[low].taken = rows[low].taken + 1
  end
end
for k = 1, #rows do
  local row = rows[k]
  local j = tostring(k - 1)
  if row.standing then
    row.aux = row.first
  else
    row.aux = row.last - row.first + 1 - row.taken -- free places bound the longest stretch
  end
  redis.call('ZADD', KEYS[3], row.first, j)
  rows_write(KEYS[2], KEYS[4], j, row, 0)
end
return 1

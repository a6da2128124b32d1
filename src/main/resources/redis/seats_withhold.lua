-- Withholds places of one schedule from the sale: exactly those free at this instant (absent, or a
-- hold past its time plus the grace, as the hold script judges it) become "W". A place already "W"
-- counts as withheld (an operator's retry changes nothing); a held or sold one is left as it is.
-- Every seat script treats "W" as not free and never overwrites it; only seats_put_back.lua ends it.
-- Change notice: every seat it changes is PUBLISHed ("<seat>W ...") on the schedule's channel,
-- KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- KEYS: 1 the schedule's seat hash, 2-4 the date's layout, row lookup and row fits (seats_rows.lua:
-- a "W" has a field, so it counts as taken there). ARGV: 1 grace ms, 2.. seat numbers.
-- Returns {withheld seats, not withheld seats}.
-- #include seats_rows
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local grace = tonumber(ARGV[1])
local withheld = {}
local refused = {}
local changes = {}
local added = {}
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  local free = not value
  if value and string.sub(value, 1, 2) == 'H:' then
    local heldUntil = tonumber(string.match(value, ':(%d+)$'))
    free = heldUntil ~= nil and heldUntil + grace <= now
  end
  if free then
    if redis.call('HSET', KEYS[1], ARGV[i], 'W') == 1 then
      added[#added + 1] = ARGV[i]
    end
    changes[#changes + 1] = ARGV[i] .. 'W'
    withheld[#withheld + 1] = tonumber(ARGV[i])
  elseif value == 'W' then
    withheld[#withheld + 1] = tonumber(ARGV[i])
  else
    refused[#refused + 1] = tonumber(ARGV[i])
  end
end
if #changes > 0 then
  redis.call('PUBLISH', KEYS[1] .. ':changes', table.concat(changes, ' '))
end
rows_seats_changed(KEYS[2], KEYS[3], KEYS[4], added, 1)
return {withheld, refused}

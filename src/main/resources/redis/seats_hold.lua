-- Holds every requested seat of one schedule for one reservation, or none of them.
-- A seat's field is absent (free), "H:<reservationId>:<heldUntilMs>" (held), "S:<reservationId>" (sold)
-- or "W" (withheld from the sale by an operator, seats_withhold.lua): only absent is free.
-- A hold whose time plus a grace period has passed counts as free even if nobody released it,
-- so a lost release (Redis or instance failure) can never keep a seat blocked for good.
-- The buyer's hash lists the seats of this schedule the buyer took (seat number to reservationId);
-- a seat counts against the per-buyer limit only while the seat hash still shows it held or sold
-- by that reservation, so expired, cancelled and refunded seats stop counting by themselves.
-- A caller that gave up waiting (Redis stalled, the request answered 503) must not find seats held
-- later: past the caller's deadline (epoch ms, 0 = none) the script does nothing.
-- Change notice: every seat it changes is PUBLISHed ("<seat><A|H|S> ...") on the schedule's
-- channel, KEYS[1]..':changes', in this same step, so a stream never misses or reorders a change.
-- Hold attempts per buyer and second (the rate limit, rate_bucket.lua) are counted here too, first:
-- one round trip instead of two per attempt. The bucket is the buyer's on this schedule, in the
-- schedule's hash slot, because a script may only touch keys of one Redis Cluster slot.
-- The date's row counts (seats_rows.lua), when best available has written them, follow the seats.
-- KEYS: 1 the schedule's seat hash, 2 the buyer's seats of the schedule, 3 the buyer's hold attempts
-- on the schedule, 4-6 the date's layout, row lookup and row fits (seats_rows.lua), 7 the date's
-- cancelled marker (seats_on_sale.lua).
-- ARGV: 1 reservationId, 2 hold ms, 3 grace ms, 4 per-buyer limit (0: none),
-- 5 deadline ms, 6 hold attempts allowed per second (0: no rate limit), 7.. seat numbers
-- Returns {1, heldUntilMs} when held, {0, first unavailable seat} when not, {2, seats the buyer
-- already has} when the hold would pass the limit, {3, ms until an attempt is allowed} when over
-- the rate, {5, 0} when the date is cancelled (nothing counted or done), {-1, 0} when too late (nothing done).
-- #include rate_bucket
-- #include seats_hold_steps
-- #include seats_rows
-- #include seats_on_sale
local FIRST_SEAT = 7
if schedule_cancelled(KEYS[7]) then
  return {5, 0}
end
local now = hold_now()
local refused = hold_gate(now)
if refused then
  return refused
end
local seats = {}
for i = FIRST_SEAT, #ARGV do
  if not hold_is_free(redis.call('HGET', KEYS[1], ARGV[i]), now) then
    return {0, tonumber(ARGV[i])}
  end
  seats[#seats + 1] = ARGV[i]
end
refused = hold_over_limit(now, #seats)
if refused then
  return refused
end
local heldUntil, added = hold_apply(now, seats)
rows_seats_changed(KEYS[4], KEYS[5], KEYS[6], added, 1)
return {1, heldUntil}

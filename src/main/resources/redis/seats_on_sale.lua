-- Included (LuaScript, "-- #include seats_on_sale") by the scripts that put seats on hold
-- (seats_hold.lua, seats_best.lua). A
-- cancelled date has a marker key in its own hash slot (SeatKeys.cancelled), set when the
-- cancellation commits and again at every rebuild; a hold reads it in the same step, so refusing a
-- cancelled date costs no round trip. Postgres stays the record (schedule_on_sale refuses the insert).
local function schedule_cancelled(marker)
  return redis.call('EXISTS', marker) == 1
end

-- hold storm: many users holding 1-2 random seats of a few schedules. Once the seats are gone most
-- attempts collide: 201 and 409 are both expected outcomes; anything else counts as an error.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local users, schedules, seats, i = nil, nil, 0, 0
local path = common.API .. "/reservations"

function init(args)
  local slot, slots = common.slot()
  users = common.users(slot, slots)
  schedules = common.list(common.env("BENCH_SCHEDULES", ""))
  assert(#schedules > 0, "BENCH_SCHEDULES is empty")
  seats = tonumber(common.env("BENCH_SEATS", "50"))
  math.randomseed(os.time() * 1000 + slot * 7919)
  -- Bearer headers built once per user.
  for _, u in ipairs(users) do u.headers = common.bearer(u.token) end
end

function request()
  i = i % #users + 1
  local a = math.random(1, seats)
  local body
  if math.random(2) == 1 or seats < 2 then
    body = string.format('{"scheduleId":%s,"seatNumbers":[%d]}', schedules[math.random(#schedules)], a)
  else
    local b = math.random(1, seats - 1)
    if b >= a then b = b + 1 end
    body = string.format('{"scheduleId":%s,"seatNumbers":[%d,%d]}', schedules[math.random(#schedules)], a, b)
  end
  return wrk.format("POST", path, users[i].headers, body)
end

function response(status, headers, body)
  common.count(status)
end

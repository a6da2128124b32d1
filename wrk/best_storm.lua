-- best-available storm: many users asking for the best 1-4 places of a random grade of a stadium
-- date ({"scheduleId","quantity","grade"}: the server picks adjacent seats in one row, or the
-- lowest standing entry numbers). 201 and 409 (no places fit any more) are both expected outcomes;
-- anything else counts as an error.
-- Environment (besides common.lua's): BENCH_GRADES, the date's grade names, comma-separated.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local users, schedules, grades, i = nil, nil, nil, 0
local path = common.API .. "/reservations"

function init(args)
  local slot, slots = common.slot()
  users = common.users(slot, slots)
  schedules = common.list(common.env("BENCH_SCHEDULES", ""))
  assert(#schedules > 0, "BENCH_SCHEDULES is empty")
  grades = common.list(common.env("BENCH_GRADES", ""))
  assert(#grades > 0, "BENCH_GRADES is empty")
  math.randomseed(os.time() * 1000 + slot * 7919)
  for _, u in ipairs(users) do u.headers = common.bearer(u.token) end
end

function request()
  i = i % #users + 1
  local body = string.format('{"scheduleId":%s,"quantity":%d,"grade":"%s"}',
    schedules[math.random(#schedules)], math.random(1, 4), grades[math.random(#grades)])
  return wrk.format("POST", path, users[i].headers, body)
end

function response(status, headers, body)
  common.count(status)
end

-- section counts: GET /api/v1/schedules/{id}/sections with ACTIVE tokens, round robin over users
-- (BENCH_SCHEDULES: the big date, e.g. the demo stadium's).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local requests, i = {}, 0

function init(args)
  local schedules = common.list(common.env("BENCH_SCHEDULES", ""))
  assert(#schedules > 0, "BENCH_SCHEDULES is empty")
  for n, u in ipairs(common.users(common.slot())) do
    local s = schedules[(n - 1) % #schedules + 1]
    requests[#requests + 1] = wrk.format("GET", common.API .. "/schedules/" .. s .. "/sections", common.bearer(u.token))
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function response(status)
  common.count(status)
end

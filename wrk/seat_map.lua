-- seat map: GET /api/v1/schedules/{id}/seats with ACTIVE tokens, round robin over users and schedules.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

-- (no response(): the statuses of the maps are not counted)
common.round_robin(function()
  local schedules = common.list(common.env("BENCH_SCHEDULES", ""))
  assert(#schedules > 0, "BENCH_SCHEDULES is empty")
  return function(n, u)
    local s = schedules[(n - 1) % #schedules + 1]
    return wrk.format("GET", common.API .. "/schedules/" .. s .. "/seats", common.bearer(u.token))
  end
end, false)

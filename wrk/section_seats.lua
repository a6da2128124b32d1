-- one section's places: GET /api/v1/schedules/{id}/seats?section={sectionId}, round robin over
-- users and the sections of BENCH_SECTIONS (BENCH_SCHEDULES: the big date).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

common.round_robin(function()
  local schedule = common.list(common.env("BENCH_SCHEDULES", ""))[1]
  local sections = common.list(common.env("BENCH_SECTIONS", ""))
  assert(schedule and #sections > 0, "BENCH_SCHEDULES or BENCH_SECTIONS is empty")
  return function(n, u)
    local section = sections[(n - 1) % #sections + 1]
    return wrk.format("GET", common.API .. "/schedules/" .. schedule .. "/seats?section=" .. section,
      common.bearer(u.token))
  end
end, true)

-- whole-date availability: GET /api/v1/schedules/{id}/availability (BENCH_SCHEDULES: the big date).
-- With BENCH_ETAG set, every request sends it as If-None-Match: 304 while the date is unchanged.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

common.round_robin(function()
  local schedule = common.list(common.env("BENCH_SCHEDULES", ""))[1]
  assert(schedule, "BENCH_SCHEDULES is empty")
  local etag = common.env("BENCH_ETAG", nil)
  return function(_, u)
    local headers = common.bearer(u.token)
    if etag then headers["If-None-Match"] = etag end
    return wrk.format("GET", common.API .. "/schedules/" .. schedule .. "/availability", headers)
  end
end, true)

-- whole-date availability: GET /api/v1/schedules/{id}/availability (BENCH_SCHEDULES: the big date).
-- With BENCH_ETAG set, every request sends it as If-None-Match: 304 while the date is unchanged.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local requests, i = {}, 0

function init(args)
  local schedule = common.list(common.env("BENCH_SCHEDULES", ""))[1]
  assert(schedule, "BENCH_SCHEDULES is empty")
  local etag = common.env("BENCH_ETAG", nil)
  for _, u in ipairs(common.users(common.slot())) do
    local headers = common.bearer(u.token)
    if etag then headers["If-None-Match"] = etag end
    requests[#requests + 1] = wrk.format("GET", common.API .. "/schedules/" .. schedule .. "/availability", headers)
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function response(status)
  common.count(status)
end

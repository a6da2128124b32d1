-- section counts: GET /api/v1/schedules/{id}/sections with ACTIVE tokens, round robin over users
-- (BENCH_SCHEDULES: the big date, e.g. the demo stadium's).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

common.over_schedules("/sections", true)

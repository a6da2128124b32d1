-- seat map: GET /api/v1/schedules/{id}/seats with ACTIVE tokens, round robin over users and schedules.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

-- (no response(): the statuses of the maps are not counted)
common.over_schedules("/seats", false)

-- baseline: GET /health/live, the ceiling of this machine's HTTP path (no Lua per request).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()
wrk.method = "GET"
wrk.path = "/health/live"

-- opening page: GET /api/v1/concerts/{id}/opening?page=N, N random among the opening's pages (no
-- token: the publication is public). BENCH_OPENING_CONCERT and BENCH_OPENING_PAGES (set by bench.sh).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local concert = common.env("BENCH_OPENING_CONCERT", nil)
local pages = tonumber(common.env("BENCH_OPENING_PAGES", "1"))
assert(concert, "BENCH_OPENING_CONCERT is not set")

function request()
  return wrk.format("GET", common.API .. "/concerts/" .. concert .. "/opening?page=" .. math.random(pages))
end

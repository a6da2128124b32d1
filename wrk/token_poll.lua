-- token poll: GET /api/v1/queue/tokens/current with the prepared (ACTIVE) tokens, round robin.
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local requests, i = {}, 0

function init(args)
  for _, u in ipairs(common.users(common.slot())) do
    requests[#requests + 1] = wrk.format("GET", common.API .. "/queue/tokens/current", common.bearer(u.token))
  end
end

function request()
  i = i % #requests + 1
  return requests[i]
end

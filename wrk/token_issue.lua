-- token issue: POST /api/v1/queue/tokens, every request for a new random user (201 expected).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local headers = { ["Content-Type"] = "application/json" }
local path = common.API .. "/queue/tokens"

function init(args)
  local slot = common.slot()
  math.randomseed(os.time() * 1000 + slot * 7919 + math.floor(os.clock() * 1e6))
end

local function hex(n)
  local out = {}
  for i = 1, n do out[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(out)
end

local function uuid()
  return hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" .. string.format("%x", math.random(8, 11)) .. hex(3)
    .. "-" .. hex(12)
end

function request()
  return wrk.format("POST", path, headers, '{"userId":"' .. uuid() .. '"}')
end

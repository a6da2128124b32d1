-- Shared helpers of the wrk scenario scripts (loaded with require from BENCH_LUA_DIR).
--
-- Environment (set by wrk/bench.sh):
--   BENCH_TOKENS     file of prepared users, one "userId token" a line (ACTIVE tokens, charged balance)
--   BENCH_SCHEDULES  comma-separated schedule ids the scenario works on
--   BENCH_SEATS      seats per schedule of those schedules
--   BENCH_PART, BENCH_PARTS  this wrk process's index and the number of wrk processes run side by
--                    side (2 when two instances are driven): users and seats are split across
--                    every thread of every process, so no two connections share a user.
--
-- Each thread keeps its counters in the global table `counts` (status code or outcome name to a
-- number); done() sums them over the threads and prints one line "BENCH_RESULT {json}" that the
-- driver parses.
local M = {}

M.API = "/api/v1"

local threads = {}
local next_id = 0

function M.env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

function M.list(csv)
  local out = {}
  for item in string.gmatch(csv or "", "[^,%s]+") do out[#out + 1] = item end
  return out
end

-- setup() runs in the main Lua state once per thread: give each thread its slot number.
function M.setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

-- The global slot of this thread among all threads of all wrk processes, and their number.
function M.slot()
  local part = tonumber(M.env("BENCH_PART", "0"))
  local parts = tonumber(M.env("BENCH_PARTS", "1"))
  local per = tonumber(M.env("BENCH_THREADS", "1"))
  return part * per + id, parts * per
end

-- The prepared users of this thread: every slots-th line starting at its slot.
function M.users(slot, slots)
  local file = M.env("BENCH_TOKENS", nil)
  assert(file, "BENCH_TOKENS is not set")
  local users, n = {}, 0
  for line in io.lines(file) do
    local user, token = string.match(line, "^(%S+)%s+(%S+)")
    if user then
      if n % slots == slot then users[#users + 1] = { id = user, token = token } end
      n = n + 1
    end
  end
  assert(#users > 0, "no prepared users for thread slot " .. slot .. " in " .. file)
  return users
end

function M.count(key)
  counts[key] = (counts[key] or 0) + 1
end

function M.bearer(token)
  return { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function M.header(headers, name)
  return headers[name] or headers[string.lower(name)]
end

local function json_counts(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    parts[#parts + 1] = string.format('"%s":%d', k, t[k] or t[tonumber(k)] or 0)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

-- done() runs in the main state: sum the threads' counters and print the machine-readable line.
function M.done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    if c then
      for k, v in pairs(c) do total[tostring(k)] = (total[tostring(k)] or 0) + v end
    end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,'
      .. '"socket_errors":%d,"status_errors":%d,"counts":%s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, json_counts(total)))
end

-- Installs the global callbacks every script shares (scripts add init/request/response).
function M.install()
  counts = {}
  setup = M.setup
  done = M.done
end

-- The read scenarios: one prepared request per user of this thread, sent round robin. prepare()
-- runs in init (reads the environment, asserts) and returns build(n, user), the n-th user's request.
-- count_statuses: also install response() counting status codes (wrk then parses every response).
function M.round_robin(prepare, count_statuses)
  local requests, i = {}, 0
  init = function(args)
    local build = prepare()
    for n, u in ipairs(M.users(M.slot())) do requests[#requests + 1] = build(n, u) end
  end
  request = function()
    i = i % #requests + 1
    return requests[i]
  end
  if count_statuses then response = M.count end
end


-- GET {API}/schedules/{id}{suffix}, each user on one of BENCH_SCHEDULES in turn.
function M.over_schedules(suffix, count_statuses)
  M.round_robin(function()
    local schedules = M.list(M.env("BENCH_SCHEDULES", ""))
    assert(#schedules > 0, "BENCH_SCHEDULES is empty")
    return function(n, u)
      local s = schedules[(n - 1) % #schedules + 1]
      return wrk.format("GET", M.API .. "/schedules/" .. s .. suffix, M.bearer(u.token))
    end
  end, count_statuses)
end

return M

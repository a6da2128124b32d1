-- hold + pay, end to end: each user asks for its queue token (polling until it is ACTIVE), holds
-- one seat, pays for it with the reservationId of the answer, then (its token ended by the
-- payment) queues again and buys again. Seats are split between threads so holds do not collide: this measures
-- the purchase path, the hold storm measures contention.
--
-- wrk does not say which connection an answer belongs to, so each request carries its job in
-- X-Request-Id (echoed by the server) and the thread keeps one queue of jobs for all its
-- connections: a held seat's payment goes first (before the hold could lapse), then holds, new
-- tokens and polls in arrival order.
-- Outcomes counted: hold_201, pay_201 (= purchases), hold_409, issue_201, poll_active, poll_waiting,
-- and <job>_<status> for anything unexpected (errors).
package.path = (os.getenv("BENCH_LUA_DIR") or "wrk") .. "/?.lua;" .. package.path
local common = require("common")
common.install()

local API = common.API
local users, schedules, seats = nil, nil, 0
local jobs, head, tail = {}, 1, 0
local cursor, slot, slots = 0, 0, 1

local function push_back(job) tail = tail + 1; jobs[tail] = job end
local function push_front(job) head = head - 1; jobs[head] = job end
local function pop()
  if head > tail then return nil end
  local job = jobs[head]
  jobs[head] = nil
  head = head + 1
  return job
end

function init(args)
  slot, slots = common.slot()
  users = common.users(slot, slots)
  schedules = common.list(common.env("BENCH_SCHEDULES", ""))
  assert(#schedules > 0, "BENCH_SCHEDULES is empty")
  seats = tonumber(common.env("BENCH_SEATS", "1000"))
  math.randomseed(os.time() * 1000 + slot * 7919)
  -- Every user starts by asking for its token: the live one (200, often ACTIVE: straight to a hold)
  -- or, if an earlier run's payment ended it, a new one to wait for.
  for u = 1, #users do push_back({ k = "i", u = u }) end
end

-- This thread's next free seat: seat numbers are dealt round robin over all slots, so threads of
-- every wrk process take disjoint seats; past the last one, random seats (mostly 409).
local function next_seat()
  local n = cursor * slots + slot
  cursor = cursor + 1
  local total = #schedules * seats
  if n >= total then n = math.random(0, total - 1) end
  return schedules[math.floor(n / seats) + 1], n % seats + 1
end

local function tagged(job, headers)
  headers["X-Request-Id"] = job.k .. ":" .. job.u
  return headers
end

function request()
  local job = pop()
  if job == nil then
    -- Every user is in flight (too few users for the connections): a cheap request, counted.
    common.count("idle")
    return wrk.format("GET", "/health/live", { ["X-Request-Id"] = "n:0" })
  end
  local u = users[job.u]
  if job.k == "h" then
    local schedule, seat = next_seat()
    return wrk.format("POST", API .. "/reservations", tagged(job, common.bearer(u.token)),
      '{"scheduleId":' .. schedule .. ',"seatNumbers":[' .. seat .. ']}')
  elseif job.k == "p" then
    return wrk.format("POST", API .. "/payments", tagged(job, common.bearer(u.token)),
      '{"reservationId":"' .. job.r .. '"}')
  elseif job.k == "i" then
    return wrk.format("POST", API .. "/queue/tokens", tagged(job, { ["Content-Type"] = "application/json" }),
      '{"userId":"' .. u.id .. '"}')
  else -- "q": poll the new token until it is ACTIVE
    return wrk.format("GET", API .. "/queue/tokens/current", tagged(job, common.bearer(u.token)))
  end
end

function response(status, headers, body)
  local tag = common.header(headers, "X-Request-Id") or ""
  local k, u = string.match(tag, "^(%a):(%d+)$")
  u = tonumber(u)
  if k == nil or k == "n" then
    common.count(k == "n" and "idle_" .. status or "untagged_" .. status)
    return
  end
  if k == "h" then
    if status == 201 then
      common.count("hold_201")
      push_front({ k = "p", u = u, r = string.match(body, '"reservationId":"([^"]+)"') })
    elseif status == 409 then
      common.count("hold_409")
      push_back({ k = "h", u = u })
    else
      common.count("hold_" .. status)
      push_back({ k = "i", u = u })
    end
  elseif k == "p" then
    if status == 201 then common.count("pay_201") else common.count("pay_" .. status) end
    -- Paid (or failed): the token has ended; queue again.
    push_back({ k = "i", u = u })
  elseif k == "i" then
    local token = string.match(body, '"token":"([^"]+)"')
    if (status == 201 or status == 200) and token then
      common.count("issue_" .. status)
      users[u].token = token
      if string.find(body, '"status":"ACTIVE"', 1, true) then
        push_back({ k = "h", u = u })
      else
        push_back({ k = "q", u = u })
      end
    else
      common.count("issue_" .. status)
      push_back({ k = "i", u = u })
    end
  else
    if status == 200 and string.find(body, '"status":"ACTIVE"', 1, true) then
      common.count("poll_active")
      push_back({ k = "h", u = u })
    elseif status == 200 then
      common.count("poll_waiting")
      push_back({ k = "q", u = u })
    else
      common.count("poll_" .. status)
      push_back({ k = "i", u = u })
    end
  end
end

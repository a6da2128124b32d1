#!/usr/bin/env bash
# wrk benchmarks of the concert service: one command, one table. See docs/benchmarks.md.
#
# usage: wrk/bench.sh [--quick] [--jfr] [--opening] [--halls] [--redis-cluster]
#   --quick    a ~2 minute smoke (fewer users, shorter runs, fewer warm-up rounds)
#   --jfr      record a JFR profile of the 1-instance server (wrk/results/server-1.jfr)
#   --opening  only the "sale opening" scenario (below), ~1.5 minutes; wrk/results/opening.md
#   --halls    only the big-date reads (below), ~1 minute; wrk/results/halls.md
#   --redis-cluster  also run D: 1 instance on the local 3-master Redis Cluster (services.sh starts
#            it on 7001-7003; BENCH_REDIS_CLUSTER_NODES to change), warmed up, then the baseline,
#            the hold storm and hold + pay: rows of phase `cluster` beside run A's `warm` ones.
#            Run D empties the cluster first (FLUSHALL on each master): use a cluster of your own.
#
# What it does:
#   1. scripts/services.sh up; builds the jar when the sources are newer than it.
#   2. Run A, 1 instance (CONCERT_METRICS=true) on its own Postgres database (dropped and made
#      anew) and Redis db: creates concerts through the admin API, prepares users (ACTIVE tokens,
#      charged balances), runs every scenario once cold, warms the JIT up with rounds of the mix
#      until the figures stop rising, runs every scenario again warm (and, warm only, the
#      best-available storm on a 60,000-place stadium date, best_storm.lua). Checks correctness.
#   3. Run B, a second instance with CONCERT_METRICS=false beside run A's (still running): the
#      same warm-up, then short hold storms alternating between the two (the metrics overhead,
#      median of the pairs). Checks correctness.
#   4. Run C, 2 instances on 2 ports sharing Redis and Postgres, driven by 2 wrk processes of
#      half the connections each (rates summed): warm-up, then every scenario. Checks correctness.
#      (Each correctness check also runs the service's audit, GET /api/v1/admin/audit, and fails on
#      any discrepancy it counts.)
#   5. With --redis-cluster, run D (above). Checks correctness against the cluster's seats.
#   6. Prints the table and writes it to wrk/results/latest.md. Exits non-zero if a check fails.
#
# The sale opening (--opening): one instance; a concert whose sale opens BENCH_OPENING_LEAD
# seconds later [60 + 1 per 1,000 tokens, quick 20], BENCH_OPENING_TOKENS tokens in its room's
# pre-queue [200000, quick 2000] (room rate BENCH_OPENING_RATE [1000] a second, cap
# BENCH_OPENING_CAP [100000]); wrk polls every token from 2 s before the opening for
# BENCH_OPENING_POLL_SECONDS [10]. Reports how long the opening step took (the pre-queue, kept in
# its drawn order since the joins, moved to the line), when the publication was stored (server log),
# the first admission's delay after salesOpenAt (from the admission time Redis recorded), the poll
# throughput during the opening, the slowest Redis command from 2 s before the opening to the end of
# the polls (SLOWLOG and LATENCY reset before, read after; this sets slowlog-log-slower-than to
# 1 ms for the window and puts it back), and checks the opening: SHA-256(seed) = the commitment
# read before it, the order recomputed from the seed, the rank correlation of join order (the
# tokens' signed issue numbers) and drawn order near zero. Then the publication: wrk reads random
# pages of the opening's order (opening_page.lua) and the bare endpoint (baseline.lua) for
# BENCH_OPENING_PUB_SECONDS [8] each, in the same run: the ratio of the two.
#
# The big-date reads (--halls): one instance with the demo data (CONCERT_DEMO_DATA: the 60,000-place
# stadium), BENCH_HALLS_HOLDS [50] holds of 4 places spread over it, then the bare endpoint
# (baseline.lua), its section counts (sections.lua), one section's places at a time round robin over
# its 22 sections (section_seats.lua, 2,500-5,000 places each), the whole date's availability
# document (availability.lua, 200) and the same with the current ETag as If-None-Match (304), each
# once for BENCH_WARMUP_ROUND seconds (warm-up) and then for BENCH_DURATION: req/s and the ratio of
# each to the bare endpoint in the same run.
#
# Settings (environment, defaults in brackets): BENCH_PORT [18080] (and the next one),
# BENCH_PG_DB [concert_bench], BENCH_REDIS_DB [7], BENCH_REDIS_PORT [6379] (the Redis server on 127.0.0.1), BENCH_CONNECTIONS [64], BENCH_WRK_THREADS [2],
# BENCH_DURATION seconds of a warm run [8, quick 3], BENCH_COLD_DURATION [5, quick 3],
# BENCH_WARMUP_ROUND seconds per scenario of a warm-up round [3, quick 2],
# BENCH_WARMUP_MAX rounds [5, quick 2], BENCH_AB_PAIRS metrics on/off pairs [9, quick 2],
# BENCH_AB_DURATION seconds of each storm of a pair [the warm-up round's], BENCH_USERS [2000, quick 500], BENCH_BUYERS [512, quick 256],
# BENCH_JAVA_OPTS [-Xms512m -Xmx1g], BENCH_ACCESS_LOG [WARN: per-request access log off],
# BENCH_BUDGET seconds the whole run aims at [570, quick 150]: warm-ups stop early to keep it.
# BENCH_AB [metrics]: what run B compares. `metrics`: CONCERT_METRICS on vs off. `limits`: the buyer
#   limits on vs off (both with metrics): run B's instance has the per-buyer seat limit at 4 and the
#   rate limits on but above the storm's per-user rate (BENCH_RATE_TOKENS_PER_MINUTE [1000000000],
#   BENCH_RATE_HOLDS_PER_SECOND [1000]), so that both answer the same requests; run A's has them off.
#   Runs A and C always run with the buyer limits off: their scenarios issue every token from one
#   address and hold + pay buys more than 4 seats of a date per buyer.
#   `jar`: this build against an earlier one (BENCH_BASELINE_JAR, a path to its
#   concert-reservation.jar): run B's instance runs the baseline jar beside run A's, and the
#   alternating pairs go over every one-instance scenario (BENCH_AB_SCENARIOS [baseline
#   token_issue token_poll seat_map hold_storm hold_pay]); the report gives per scenario the
#   median ratio new/old over the pairs and all pairs together. Both jars share the database and
#   Redis, so the baseline must use the same schema and keys.
# BENCH_RUN_C [1]: 0 leaves out run C (two instances), e.g. for a quicker A/B run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WRK_DIR="$ROOT/wrk"
OUT="$WRK_DIR/results"

QUICK=0
JFR=0
CLUSTER=0
OPENING=0
HALLS=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --jfr) JFR=1 ;;
    --redis-cluster) CLUSTER=1 ;;
    --opening) OPENING=1 ;;
    --halls) HALLS=1 ;;
    -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

PORT="${BENCH_PORT:-18080}"
PG_DB="${BENCH_PG_DB:-concert_bench}"
REDIS_DB="${BENCH_REDIS_DB:-7}"
REDIS_PORT="${BENCH_REDIS_PORT:-6379}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_WRK_THREADS:-2}"
if ((QUICK)); then d=3 cold=2 round=2 rounds=2 users=300 buyers=128 budget=150 pairs=2
else d=8 cold=5 round=3 rounds=5 users=2000 buyers=512 budget=570 pairs=9; fi
DURATION="${BENCH_DURATION:-$d}"
COLD="${BENCH_COLD_DURATION:-$cold}"
ROUND="${BENCH_WARMUP_ROUND:-$round}"
ROUNDS="${BENCH_WARMUP_MAX:-$rounds}"
USERS="${BENCH_USERS:-$users}"
AB_PAIRS="${BENCH_AB_PAIRS:-$pairs}"
AB_SECONDS="${BENCH_AB_DURATION:-$ROUND}"
BUYERS="${BENCH_BUYERS:-$buyers}"
MIN_ROUNDS=$((ROUNDS < 3 ? ROUNDS : 3)) # a noisy box can make round 2 look slower than round 1
BUDGET="${BENCH_BUDGET:-$budget}" # seconds: warm-ups are cut short to finish within it on a busy box
AB="${BENCH_AB:-metrics}"
case "$AB" in metrics | limits | jar) ;; *) echo "BENCH_AB must be metrics, limits or jar, got '$AB'" >&2; exit 2 ;; esac
if [[ "$AB" == jar ]]; then
  BASELINE_JAR="${BENCH_BASELINE_JAR:-}"
  [[ -f "$BASELINE_JAR" ]] || { echo "BENCH_AB=jar needs BENCH_BASELINE_JAR, the path of the jar to compare with" >&2; exit 2; }
  BASELINE_JAR="$(cd "$(dirname "$BASELINE_JAR")" && pwd)/$(basename "$BASELINE_JAR")"
fi
AB_SCENARIOS="${BENCH_AB_SCENARIOS:-baseline token_issue token_poll seat_map hold_storm hold_pay}"
# The jar the next server launched runs (run B of BENCH_AB=jar switches it to the baseline's).
SERVER_JAR=""
# The buyer limits of the next server launched (off unless run B compares them).
LIMIT_SEATS=0 LIMIT_TOKENS=0 LIMIT_HOLDS=0
JAVA_OPTS_BENCH="${BENCH_JAVA_OPTS:--Xms512m -Xmx1g}"
ADMIN_KEY="bench-admin-key-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
# The service refuses to start without a signing secret (outside development mode): one per run.
TOKEN_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
CHARGE=100000000          # every prepared user's balance: enough for thousands of purchases
PRICE=1000
STORM_SCHEDULES=4 STORM_SEATS=50       # a few schedules of the default size: most holds collide
PAY_SCHEDULES=20 PAY_SEATS=1000        # room for every purchase of one hold + pay run
JAR="$ROOT/target/concert-reservation.jar"
PG_URI="postgresql://postgres@127.0.0.1:5432/$PG_DB"
REDIS_URI="redis://127.0.0.1:$REDIS_PORT/$REDIS_DB"
REDIS_CLUSTER_NODES="${BENCH_REDIS_CLUSTER_NODES:-127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003}"
# The Redis Cluster seed nodes of the next server launched (empty: the single Redis).
SERVER_CLUSTER_NODES=""

mkdir -p "$OUT"
rm -f "$OUT"/wrk-*.txt "$OUT"/server-*.log "$OUT"/*.jfr "$OUT"/*.charged
RESULTS="$OUT/results.jsonl"
MANIFEST="$OUT/manifest.tsv"
RUNINFO="$OUT/run-info.md"
: >"$MANIFEST"
START=$SECONDS
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log() { printf '[bench %3ds] %s\n' "$((SECONDS - START))" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
lib() { python3 "$WRK_DIR/benchlib.py" "$@"; }

# ------------------------------------------------------------------------------ prerequisites
scripts/services.sh up >&2
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || die "wrk is missing and apt could not install it"
fi
for tool in psql redis-cli python3 java; do command -v "$tool" >/dev/null || die "$tool is needed"; done

needs_build() {
  [[ -f "$JAR" ]] || return 0
  [[ pom.xml -nt "$JAR" ]] && return 0
  [[ -f openapi.yaml && openapi.yaml -nt "$JAR" ]] && return 0
  [[ -n "$(find src/main -newer "$JAR" -print -quit)" ]] && return 0
  return 1
}
if needs_build; then
  log "building the jar (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package >&2
fi

# ------------------------------------------------------------------------------ servers
SERVER_PIDS=()
stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
}
trap stop_servers EXIT

reset_data() {
  psql -h 127.0.0.1 -U postgres -w -X -q -d postgres -v ON_ERROR_STOP=1 \
    -c "drop database if exists $PG_DB with (force)" -c "create database $PG_DB" >/dev/null 2>&1 \
    || die "could not recreate database $PG_DB"
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$REDIS_DB" flushdb >/dev/null || die "could not flush Redis db $REDIS_DB"
}

# CPU time (user + system) of the servers and of Redis over each wrk run: a cost per request that
# holds on a busy machine, where req/s swings with what else runs (BENCH_CPU lines, see benchlib).
declare -A PORT_PID
CLK_TCK="$(getconf CLK_TCK)"
REDIS_PID="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server 2>/dev/null | sed -n 's/^process_id:\([0-9]*\).*/\1/p')"
cpu_ticks() { # PID...: their CPU ticks so far (utime + stime), 0 for a pid that is gone
  local total=0 pid
  for pid in "$@"; do
    [[ -n "$pid" && -r "/proc/$pid/stat" ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}

# launch_server NAME PORT METRICS [extra JVM flags...]: starts one instance (wait_ready waits for it).
launch_server() {
  local name="$1" port="$2" metrics="$3"; shift 3
  if timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    die "port $port is taken by another process (another bench? set BENCH_PORT)"
  fi
  # shellcheck disable=SC2086
  env CONCERT_HTTP_PORT="$port" CONCERT_PG_URI="$PG_URI" CONCERT_REDIS_URI="$REDIS_URI" \
    CONCERT_ADMIN_KEY="$ADMIN_KEY" CONCERT_TOKEN_SECRET="$TOKEN_SECRET" CONCERT_DEMO_DATA="${SERVER_DEMO_DATA:-false}" \
    CONCERT_METRICS="$metrics" \
    CONCERT_QUEUE_ADMIT_PER_SECOND=1000000 CONCERT_QUEUE_MAX_ACTIVE=10000000 \
    CONCERT_QUEUE_ADMIT_INTERVAL_MS=50 CONCERT_QUEUE_ACTIVE_SECONDS=3600 CONCERT_HOLD_SECONDS=3600 \
    CONCERT_QUEUE_ABANDON_SECONDS="${SERVER_ABANDON_SECONDS:-120}" \
    CONCERT_ACCESS_LOG_LEVEL="${BENCH_ACCESS_LOG:-WARN}" \
    CONCERT_MAX_SEATS_PER_USER="$LIMIT_SEATS" CONCERT_RATE_TOKENS_PER_MINUTE="$LIMIT_TOKENS" \
    CONCERT_RATE_HOLDS_PER_SECOND="$LIMIT_HOLDS" CONCERT_RATE_CHARGES_PER_MINUTE=0 CONCERT_REDIS_CLUSTER_NODES="$SERVER_CLUSTER_NODES" \
    CONCERT_TOPIC_RESERVATIONS=bench-reservation-events CONCERT_TOPIC_PAYMENTS=bench-payment-events \
    setsid java $JAVA_OPTS_BENCH "$@" -jar "${SERVER_JAR:-$JAR}" >"$OUT/server-$name.log" 2>&1 </dev/null &
  LAST_PID=$!
  SERVER_PIDS+=("$LAST_PID")
  PORT_PID[$port]=$LAST_PID
}

# wait_ready NAME PORT PID: until /health/ready answers 200 (Postgres and Redis reachable, seats rebuilt).
wait_ready() {
  local name="$1" port="$2" pid="$3" quiet="${4:-}"
  for _ in $(seq 600); do
    if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      [[ -n "$quiet" ]] && return 1
      tail -n 20 "$OUT/server-$name.log" >&2; die "server $name exited during start"
    fi
    sleep 0.1
  done
  die "server $name not ready after 60 s"
}

# start_server NAME PORT METRICS [flags]: launch and wait; a start that fails is tried twice more
# (on a loaded box a start-up Redis command can pass its 2 s deadline; see the log kept beside).
start_server() {
  local attempt
  for attempt in 1 2; do
    launch_server "$@"
    wait_ready "$1" "$2" "$LAST_PID" quiet && return 0
    cp "$OUT/server-$1.log" "$OUT/server-$1.failed-start-$attempt.log"
    log "server $1 exited during start (attempt $attempt; log in server-$1.failed-start-$attempt.log); starting it again"
  done
  launch_server "$@"
  wait_ready "$1" "$2" "$LAST_PID"
}

# ------------------------------------------------------------------------------ scenarios
URLS=("http://127.0.0.1:$PORT")
BASE="http://127.0.0.1:$PORT"

# new_schedules TITLE COUNT SEATS: a concert through the admin API; prints its schedule ids.
# (curl, not python: a Python start costs seconds on a busy 2-core box, and this runs per scenario)
new_schedules() {
  local i body="" answer
  for ((i = 0; i < $2; i++)); do
    body+="${body:+,}{\"startsAt\":\"$(date -u -d "+$((30 + i)) days" +%Y-%m-%dT19:00:00Z)\",\"seatCount\":$3,\"price\":$PRICE}"
  done
  answer="$(curl -sf -X POST -H "Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    --data "{\"title\":\"$1\",\"schedules\":[$body]}" "$BASE/api/v1/admin/concerts")" || return 1
  grep -o '"scheduleId":[0-9]*' <<<"$answer" | cut -d: -f2 | paste -sd, -
}

# new_stadium TITLE: a venue like the demo stadium (twenty seated sections 101-120 of 50 rows of 50
# seats, two standing floors of 5,000: 60,000 places) and a concert of one date in it, grades VIP,
# R, S, A and Floor as the demo's; prints the schedule id. (One venue per call: a few hundred ms.)
STADIUM_GRADES="VIP,R,S,A,Floor" STADIUM_PLACES=60000
new_stadium() {
  local rows="" sections="" i r venue answer
  for ((r = 1; r <= 50; r++)); do rows+="${rows:+,}{\"label\":\"$r\",\"seats\":50}"; done
  for ((i = 101; i <= 120; i++)); do sections+="${sections:+,}{\"name\":\"$i\",\"kind\":\"SEATED\",\"rows\":[$rows]}"; done
  sections+=",{\"name\":\"Floor A\",\"kind\":\"STANDING\",\"capacity\":5000}"
  sections+=",{\"name\":\"Floor B\",\"kind\":\"STANDING\",\"capacity\":5000}"
  answer="$(curl -sf -X POST -H "Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    --data "{\"name\":\"$1\",\"sections\":[$sections]}" "$BASE/api/v1/admin/venues")" || return 1
  venue="$(grep -o '"venueId":[0-9]*' <<<"$answer" | head -n 1 | cut -d: -f2)"
  names() { local n out=""; for ((n = $1; n < $2; n++)); do out+="${out:+,}\"$((101 + n))\""; done; echo "$out"; }
  answer="$(curl -sf -X POST -H "Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' --data "{\"title\":\"$1\",\"schedules\":[{
    \"startsAt\":\"$(date -u -d "+45 days" +%Y-%m-%dT19:00:00Z)\",\"venueId\":$venue,\"grades\":[
    {\"name\":\"VIP\",\"price\":$PRICE,\"sections\":[$(names 0 4)]},{\"name\":\"R\",\"price\":$PRICE,\"sections\":[$(names 4 8)]},
    {\"name\":\"S\",\"price\":$PRICE,\"sections\":[$(names 8 14)]},{\"name\":\"A\",\"price\":$PRICE,\"sections\":[$(names 14 20)]},
    {\"name\":\"Floor\",\"price\":$PRICE,\"sections\":[\"Floor A\",\"Floor B\"]}]}]}" "$BASE/api/v1/admin/concerts")" || return 1
  grep -o '"scheduleId":[0-9]*' <<<"$answer" | cut -d: -f2 | paste -sd, -
}

# wrk_run PHASE SCENARIO SECONDS [NOTE]: one scenario on every URL, recorded in results.jsonl.
# The scenario's data comes from BENCH_TOKENS / BENCH_SCHEDULES / BENCH_SEATS (exported).
wrk_run() {
  local phase="$1" scenario="$2" secs="$3" note="${4:-}" n="${#URLS[@]}" i outs=() pids=()
  local url_path="" threads=$THREADS conns=$CONNS servers=() u port server0 redis0
  if ((n > 1)); then threads=$((THREADS / n > 0 ? THREADS / n : 1)); conns=$((CONNS / n)); fi
  RUN_NO=$((RUN_NO + 1))
  for u in "${URLS[@]}"; do port="${u##*:}"; servers+=("${PORT_PID[${port%%/*}]:-}"); done
  server0="$(cpu_ticks "${servers[@]}")" redis0="$(cpu_ticks "$REDIS_PID")"
  for ((i = 0; i < n; i++)); do
    local o="$OUT/wrk-$(printf %02d "$RUN_NO")-$phase-$scenario-$i.txt"
    BENCH_LUA_DIR="$WRK_DIR" BENCH_PART=$i BENCH_PARTS=$n BENCH_THREADS=$threads \
      wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s -s "$WRK_DIR/$scenario.lua" "${URLS[$i]}" >"$o" 2>&1 &
    pids+=($!)
    outs+=("$o")
  done
  for i in "${pids[@]}"; do wait "$i" || die "wrk failed: $(cat "${outs[@]}")"; done
  grep -q '^BENCH_RESULT ' "${outs[@]}" || die "no result from wrk: $(cat "${outs[@]}")"
  printf 'BENCH_CPU {"server_ms":%d,"redis_ms":%d}\n' \
    $((($(cpu_ticks "${servers[@]}") - server0) * 1000 / CLK_TCK)) $((($(cpu_ticks "$REDIS_PID") - redis0) * 1000 / CLK_TCK)) >>"${outs[0]}"
  printf '%s\t%s\t%s\t%s\t%s\n' "$phase" "$scenario" "$n" "$note" "${outs[*]}" >>"$MANIFEST"
  LAST_RPS="$(sed -n 's/^BENCH_RESULT .*"rps":\([0-9]*\).*/\1/p' "${outs[@]}" | awk '{ s += $1 } END { print s + 0 }')"
  local p99
  p99="$(sed -n 's/^BENCH_RESULT .*"p99_ms":\([0-9.]*\).*/\1/p' "${outs[@]}" | sort -g | tail -n 1)"
  local requests cpu_ms
  requests="$(sed -n 's/^BENCH_RESULT {"requests":\([0-9]*\).*/\1/p' "${outs[@]}" | awk '{ s += $1 } END { print s + 0 }')"
  cpu_ms="$(sed -n 's/^BENCH_CPU {"server_ms":\([0-9]*\),"redis_ms":\([0-9]*\)}/\1 \2/p' "${outs[0]}" | awk '{ print $1 + $2 }')"
  log "  $phase $scenario x$n${note:+ ($note)}: $LAST_RPS req/s, p99 $p99 ms, CPU $((requests > 0 ? cpu_ms * 1000 / requests : 0)) µs/request (servers + Redis)"
}

RUN_NO=0
last_rps() { echo "$LAST_RPS"; }

# Scenario data of the run: general users, buyers, the seat-map schedules.
use_users() { export BENCH_TOKENS="$OUT/users.txt"; }
use_buyers() { export BENCH_TOKENS="$OUT/buyers.txt"; }
use() { export BENCH_SCHEDULES="$1" BENCH_SEATS="$2"; }

run_scenario() { # PHASE SCENARIO SECONDS [NOTE]
  local phase="$1" scenario="$2" secs="$3" note="${4:-}" ids
  case "$scenario" in
    baseline | token_issue) use_users ;;
    token_poll) use_users ;;
    seat_map) use_users; use "$SEATMAP_SCHEDULES" "$STORM_SEATS" ;;
    hold_storm) use_users; ids="$(new_schedules "storm $phase $note" "$STORM_SCHEDULES" "$STORM_SEATS")" \
      || die "could not create the storm concert"; use "$ids" "$STORM_SEATS" ;;
    best_storm) use_users; ids="$(new_stadium "stadium $phase $note")" || die "could not create the stadium date"
      use "$ids" "$STADIUM_PLACES"; export BENCH_GRADES="$STADIUM_GRADES" ;;
    hold_pay) use_buyers; ids="$(new_schedules "pay $phase" "$PAY_SCHEDULES" "$PAY_SEATS")" \
      || die "could not create the hold + pay concert"; use "$ids" "$PAY_SEATS" ;;
  esac
  wrk_run "$phase" "$scenario" "$secs" "$note"
}

# warm_up PHASE MAX DEADLINE: rounds of the mix (seat map, hold storm, hold + pay) until seat map +
# hold storm stop rising (< 3%), MAX rounds, or DEADLINE seconds into the run (time budget).
WARM_STORM=""
WARMUP_CUT=""
warm_up() {
  local phase="$1" max="$2" deadline="$3" prev=0 r sum
  if [[ -z "$WARM_STORM" ]]; then
    WARM_STORM="$(new_schedules "warm-up storm" "$STORM_SCHEDULES" "$STORM_SEATS")" || die "could not create a concert"
  fi
  for ((r = 1; r <= max; r++)); do
    use_users; use "$SEATMAP_SCHEDULES" "$STORM_SEATS"; wrk_run "$phase-warmup$r" seat_map "$ROUND"
    sum=$(last_rps)
    use_users; use "$WARM_STORM" "$STORM_SEATS"; wrk_run "$phase-warmup$r" hold_storm "$ROUND"
    sum=$((sum + $(last_rps)))
    run_scenario "$phase-warmup$r" hold_pay "$ROUND"
    log "warm-up $phase round $r: seat map + hold storm = $sum req/s"
    WARMUP_ROUNDS_USED=$r
    if ((r >= MIN_ROUNDS && sum * 100 < prev * 103)); then break; fi
    if ((sum > prev)); then prev=$sum; fi
    if ((r < max && SECONDS - START > deadline)); then
      WARMUP_CUT="$WARMUP_CUT $phase after round $r;"
      log "warm-up $phase cut short: the time budget is running out"
      break
    fi
  done
}

check() {
  log "correctness checks ($1)"
  sleep 1 # let answers still in flight when wrk stopped land
  local on_cluster=()
  if [[ -n "$SERVER_CLUSTER_NODES" ]]; then on_cluster=(--redis-cluster "${SERVER_CLUSTER_NODES%%,*}"); fi
  lib check --pg-db "$PG_DB" --redis-db "$REDIS_DB" "${on_cluster[@]}" --charge "$CHARGE" \
    "$OUT"/*.charged || CHECK_FAILED=1
  audit "$1" || CHECK_FAILED=1
}

# audit LABEL: the service's own reconciliation (GET /api/v1/admin/audit, docs/after-sale.md) beside
# the checks above; every check must count 0. The report is kept in wrk/results/audit-*.json.
audit() {
  local file="$OUT/audit-${1//[^A-Za-z0-9]/-}.json"
  if ! curl -sf --max-time 120 -H "Admin-Key: $ADMIN_KEY" "$BASE/api/v1/admin/audit" >"$file"; then
    log "  check FAIL the audit endpoint did not answer"
    return 1
  fi
  python3 - "$file" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for name, check in report["checks"].items():
    ok = check["count"] == 0
    detail = "" if ok else f": {check['count']} found, e.g. {check['examples'][:2]}"
    print(f"  check {'ok  ' if ok else 'FAIL'} audit {name}{detail}", file=sys.stderr)
sys.exit(0 if report["discrepancies"] == 0 else 1)
PY
}
CHECK_FAILED=0

# ------------------------------------------------------------------------------ sale opening (--opening)
if ((OPENING)); then
  if ((QUICK)); then tokens=2000; else tokens=200000; fi
  OPEN_TOKENS="${BENCH_OPENING_TOKENS:-$tokens}"
  if ((QUICK)); then lead=20; else lead=$((60 + OPEN_TOKENS / 1000)); fi
  OPEN_LEAD="${BENCH_OPENING_LEAD:-$lead}"
  OPEN_POLL="${BENCH_OPENING_POLL_SECONDS:-10}"
  OPEN_PUB="${BENCH_OPENING_PUB_SECONDS:-8}"
  log "sale opening: $OPEN_TOKENS tokens in a pre-queue, opening in ${OPEN_LEAD}s; database $PG_DB, Redis 127.0.0.1:$REDIS_PORT db $REDIS_DB"
  reset_data
  # The pre-queue's holders are not polled while it fills (minutes for 200,000): keep them, as
  # clients that poll would be, rather than abandon them all at the opening's first tick.
  SERVER_ABANDON_SECONDS=3600
  start_server O "$PORT" true
  lib opening-prepare --base "$BASE" --admin-key "$ADMIN_KEY" --tokens "$OPEN_TOKENS" --lead "$OPEN_LEAD" \
    --rate "${BENCH_OPENING_RATE:-1000}" --cap "${BENCH_OPENING_CAP:-100000}" --out "$OUT/opening-tokens.txt" \
    >"$OUT/opening.env" || die "could not fill the pre-queue"
  # shellcheck disable=SC1091
  source "$OUT/opening.env"
  wait_ms=$((OPENING_AT_MS - 2000 - $(date +%s%3N)))
  if ((wait_ms > 0)); then sleep "$(awk -v ms="$wait_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"; fi
  rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
  slower_than="$(rcli config get slowlog-log-slower-than | tail -n 1)"
  max_len="$(rcli config get slowlog-max-len | tail -n 1)"
  latency_threshold="$(rcli config get latency-monitor-threshold | tail -n 1)"
  rcli config set slowlog-log-slower-than 1000 >/dev/null && rcli config set slowlog-max-len 100000 >/dev/null
  rcli config set latency-monitor-threshold 1 >/dev/null
  rcli slowlog reset >/dev/null && rcli latency reset >/dev/null
  export BENCH_TOKENS="$OUT/opening-tokens.txt"
  wrk_run opening token_poll "$OPEN_POLL" "$OPEN_TOKENS pre-queued"
  POLL_RPS="$LAST_RPS"
  rcli --json slowlog get 100000 >"$OUT/opening-slowlog.txt"
  rcli --json latency latest >"$OUT/opening-latency.txt"
  rcli config set slowlog-log-slower-than "$slower_than" >/dev/null
  rcli config set slowlog-max-len "$max_len" >/dev/null
  rcli config set latency-monitor-threshold "$latency_threshold" >/dev/null
  lib opening-report --base "$BASE" --admin-key "$ADMIN_KEY" --concert "$OPENING_CONCERT" --commitment "$OPENING_COMMITMENT" \
    --opens-at-ms "$OPENING_AT_MS" --tokens "$OUT/opening-tokens.txt" --redis-port "$REDIS_PORT" --redis-db "$REDIS_DB" \
    --active-seconds 3600 --issue-rate "$OPENING_ISSUE_RATE" --poll-rps "$POLL_RPS" --poll-seconds "$OPEN_POLL" \
    --slowlog "$OUT/opening-slowlog.txt" --latency "$OUT/opening-latency.txt" --out "$OUT/opening.md" \
    || CHECK_FAILED=1
  # When the publication was stored, from the server's log (admission does not wait for it).
  published_line="$(grep -o "room $OPENING_CONCERT published: [^\"]*" "$OUT/server-O.log" | head -n 1)"
  { echo ""; echo "Publication stored: ${published_line:-not logged}"; } | tee -a "$OUT/opening.md"
  # The publication against the bare endpoint, in the same run.
  export BENCH_OPENING_CONCERT="$OPENING_CONCERT"
  BENCH_OPENING_PAGES="$(curl -sf "$BASE/api/v1/concerts/$OPENING_CONCERT/opening" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pages"])')"
  export BENCH_OPENING_PAGES
  wrk_run opening-pub baseline "$OPEN_PUB"
  BARE_RPS="$LAST_RPS"
  wrk_run opening-pub opening_page "$OPEN_PUB" "$BENCH_OPENING_PAGES pages"
  PAGE_RPS="$LAST_RPS"
  page_bytes="$(curl -s -o /dev/null -w '%{size_download}' "$BASE/api/v1/concerts/$OPENING_CONCERT/opening?page=1")"
  {
    echo ""
    echo "Publication (wrk, $CONNS connections, ${OPEN_PUB} s each, same run):"
    echo ""
    echo "| request | req/s | ratio to the bare endpoint |"
    echo "|---|---|---|"
    echo "| GET /health/live (bare endpoint) | $BARE_RPS | 1 |"
    echo "| GET .../opening?page=random 1-$BENCH_OPENING_PAGES ($page_bytes bytes a page) | $PAGE_RPS | $(awk -v a="$PAGE_RPS" -v b="$BARE_RPS" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }') (target >= 0.3) |"
  } | tee -a "$OUT/opening.md"
  ((CHECK_FAILED == 0)) || die "the opening's checks failed (wrk/results/opening.md)"
  exit 0
fi

# ------------------------------------------------------------------------------ big-date reads (--halls)
if ((HALLS)); then
  log "big-date reads: the demo stadium; database $PG_DB, Redis 127.0.0.1:$REDIS_PORT db $REDIS_DB"
  reset_data
  SERVER_DEMO_DATA=true
  start_server H "$PORT" true
  SERVER_DEMO_DATA=false
  lib prepare --base "$BASE" --users "$USERS" --charge 0 --out "$OUT/users.txt"
  use_users
  first_token="$(awk 'NR == 1 { print $2 }' "$OUT/users.txt")"
  stadium_concert="$(curl -sf "$BASE/api/v1/concerts" | python3 -c '
import json, sys
print(next(c["concertId"] for c in json.load(sys.stdin)["items"] if c["title"] == "Stadium Live"))')" \
    || die "the demo stadium's concert is missing"
  STADIUM="$(curl -sf -H "Authorization: Bearer $first_token" "$BASE/api/v1/concerts/$stadium_concert/schedules" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["scheduleId"])')" || die "no stadium date"
  SECTIONS="$(curl -sf -H "Authorization: Bearer $first_token" "$BASE/api/v1/schedules/$STADIUM/sections" \
    | python3 -c 'import json, sys; print(",".join(str(s["sectionId"]) for s in json.load(sys.stdin)["items"]))')" \
    || die "no stadium sections"
  capacity="$(curl -sf -H "Authorization: Bearer $first_token" "$BASE/api/v1/schedules/$STADIUM/availability" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["capacity"])')" || die "no availability document"
  holds="${BENCH_HALLS_HOLDS:-50}"
  awk -v n="$holds" 'NR <= n { print $2 }' "$OUT/users.txt" | {
    i=0
    while read -r token; do
      seat=$((1 + (i * 1187) % (capacity - 4)))
      curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data "{\"scheduleId\":$STADIUM,\"seatNumbers\":[$seat,$((seat + 1)),$((seat + 2)),$((seat + 3))]}" \
        "$BASE/api/v1/reservations" || log "  a hold of places $seat-$((seat + 3)) was refused"
      i=$((i + 1))
    done
  }
  export BENCH_SECTIONS="$SECTIONS"
  use "$STADIUM" "$capacity"
  etag_now() {
    curl -sf -D - -o /dev/null -H "Authorization: Bearer $first_token" "$BASE/api/v1/schedules/$STADIUM/availability" \
      | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'
  }
  halls_pass() { # PHASE SECONDS
    unset BENCH_ETAG
    for scenario in baseline sections section_seats availability; do wrk_run "$1" "$scenario" "$2"; eval "RPS_$scenario=$LAST_RPS"; done
    BENCH_ETAG="$(etag_now)"
    [[ -n "$BENCH_ETAG" ]] || die "the availability document has no ETag"
    export BENCH_ETAG
    wrk_run "$1" availability "$2" "If-None-Match"
    RPS_not_modified=$LAST_RPS
    unset BENCH_ETAG
  }
  log "warm-up pass (${ROUND}s each), then the measured pass (${DURATION}s each)"
  halls_pass halls-warmup "$ROUND"
  halls_pass halls "$DURATION"
  section_bytes="$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $first_token" \
    "$BASE/api/v1/schedules/$STADIUM/seats?section=${SECTIONS%%,*}")"
  document_bytes="$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $first_token" \
    "$BASE/api/v1/schedules/$STADIUM/availability")"
  ratio() { awk -v a="$1" -v b="$RPS_baseline" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
  {
    echo "Big-date reads, wrk/bench.sh --halls$( ((QUICK)) && echo ' --quick'), $(date -u +%Y-%m-%dT%H:%MZ): the demo stadium"
    echo "($capacity places, $holds holds of 4), $CONNS connections, ${DURATION}s each after a ${ROUND}s warm-up;"
    echo "load average before the run: $LOAD_BEFORE."
    echo ""
    echo "| request | req/s | ratio to the bare endpoint |"
    echo "|---|---|---|"
    echo "| GET /health/live (bare endpoint) | $RPS_baseline | 1 |"
    echo "| GET .../sections (section counts) | $RPS_sections | $(ratio "$RPS_sections") |"
    echo "| GET .../seats?section= (round robin, first section $section_bytes bytes) | $RPS_section_seats | $(ratio "$RPS_section_seats") |"
    echo "| GET .../availability, 200 ($document_bytes bytes) | $RPS_availability | $(ratio "$RPS_availability") |"
    echo "| GET .../availability, If-None-Match: 304 | $RPS_not_modified | $(ratio "$RPS_not_modified") |"
  } | tee "$OUT/halls.md"
  exit 0
fi

# ------------------------------------------------------------------------------ run A: 1 instance
log "run A: 1 instance, metrics on; database $PG_DB, Redis db $REDIS_DB"
reset_data
JFR_FLAGS=()
if ((JFR)); then JFR_FLAGS=(-XX:StartFlightRecording=filename="$OUT/server-1.jfr",settings=profile,dumponexit=true); fi
start_server A "$PORT" true "${JFR_FLAGS[@]}"
SEATMAP_SCHEDULES=""
log "preparing $USERS users and $BUYERS buyers (tokens ACTIVE, balance $CHARGE each)"
lib prepare --base "$BASE" --users "$USERS" --charge "$CHARGE" --out "$OUT/users.txt"
lib prepare --base "$BASE" --users "$BUYERS" --charge "$CHARGE" --out "$OUT/buyers.txt"

log "cold pass (first load on a fresh JVM)"
for s in baseline token_issue token_poll hold_storm; do run_scenario cold "$s" "$COLD"; done
# The seat map reads the schedules the cold hold storm just filled: a sold-out map, as in a sale.
SEATMAP_SCHEDULES="$BENCH_SCHEDULES"
for s in seat_map hold_pay; do run_scenario cold "$s" "$COLD"; done

log "warm-up (JIT): up to $ROUNDS rounds of seat map, hold storm, hold + pay"
WARMUP_ROUNDS_USED=0
warm_up A "$ROUNDS" $((BUDGET * 35 / 100))
log "warm pass"
for s in baseline token_issue token_poll seat_map; do run_scenario warm "$s" "$DURATION"; done
run_scenario warm hold_storm "$DURATION"
# Best available on a fresh stadium date right after the hold storm: the issue's target compares
# their ratios to the baseline in the same run (best-available storm >= 0.9 x hold storm).
run_scenario warm best_storm "$DURATION"
run_scenario warm hold_pay "$DURATION"

# ------------------------------------------------------------------------------ run B: metrics off
# Beside run A's server (still up, still warm), warmed the same way; then short hold storms
# alternate between the two (on/off, off/on, ...), so that both see the same machine at nearly
# the same moment: on a noisy box two runs one after the other differ by more than 5%.
if [[ "$AB" == jar ]]; then
  # Run A's instance runs this build: it is the "on" side; B runs the baseline jar.
  log "run B: an instance of $BASELINE_JAR beside run A's (this build); $AB_PAIRS alternating pairs of: $AB_SCENARIOS"
  URL_ON="http://127.0.0.1:$PORT"
  URL_OFF="http://127.0.0.1:$((PORT + 1))"
  SERVER_JAR="$BASELINE_JAR"
  start_server B "$((PORT + 1))" true
  SERVER_JAR=""
  URLS=("$URL_OFF")
elif [[ "$AB" == limits ]]; then
  # Run A's instance has the buyer limits off: it is the "off" side; B has them on.
  log "run B: an instance with the buyer limits on beside run A's (off); $AB_PAIRS alternating pairs of hold storms"
  URL_ON="http://127.0.0.1:$((PORT + 1))"
  URL_OFF="http://127.0.0.1:$PORT"
  LIMIT_SEATS=4 LIMIT_TOKENS="${BENCH_RATE_TOKENS_PER_MINUTE:-1000000000}" LIMIT_HOLDS="${BENCH_RATE_HOLDS_PER_SECOND:-1000}"
  start_server B "$((PORT + 1))" true
  LIMIT_SEATS=0 LIMIT_TOKENS=0 LIMIT_HOLDS=0
  URLS=("$URL_ON")
else
  log "run B: an instance with CONCERT_METRICS=false beside run A's; $AB_PAIRS alternating pairs of hold storms"
  URL_ON="http://127.0.0.1:$PORT"
  URL_OFF="http://127.0.0.1:$((PORT + 1))"
  start_server B "$((PORT + 1))" false
  URLS=("$URL_OFF")
fi
ROUNDS_A=$WARMUP_ROUNDS_USED
warm_up B "$((ROUNDS + 2))" $((BUDGET * 55 / 100)) # a fresh JVM beside a warm one: warm it fully
AB_STORM="$(new_schedules "metrics a/b storm" "$STORM_SCHEDULES" "$STORM_SEATS")" || die "could not create a concert"
use_users
use "$AB_STORM" "$STORM_SEATS"
for ((pair = 1; pair <= AB_PAIRS; pair++)); do
  if ((pair % 2)); then order=("$URL_ON" "$URL_OFF"); else order=("$URL_OFF" "$URL_ON"); fi
  if [[ "$AB" == jar ]]; then
    # Each scenario's pair runs back to back, so both sides of a pair see the same moment.
    for s in $AB_SCENARIOS; do
      for url in "${order[@]}"; do
        URLS=("$url")
        if [[ "$url" == "$URL_ON" ]]; then side=on; else side=off; fi
        run_scenario ab "$s" "$AB_SECONDS" "jar $side"
      done
    done
    continue
  fi
  for url in "${order[@]}"; do
    URLS=("$url")
    if [[ "$url" == "$URL_ON" ]]; then wrk_run ab hold_storm "$AB_SECONDS" "$AB on"; else wrk_run ab hold_storm "$AB_SECONDS" "$AB off"; fi
  done
done
URLS=("$URL_ON")
check "runs A and B"
stop_servers

# ------------------------------------------------------------------------------ run C: 2 instances
if [[ "${BENCH_RUN_C:-1}" == 1 ]]; then
log "run C: 2 instances on ports $PORT and $((PORT + 1)), 2 wrk processes"
# Started side by side: the schema exists already (run A), so they do not race to migrate it.
launch_server C1 "$PORT" true
PID_C1=$LAST_PID
launch_server C2 "$((PORT + 1))" true
wait_ready C1 "$PORT" "$PID_C1"
wait_ready C2 "$((PORT + 1))" "$LAST_PID"
URLS=("http://127.0.0.1:$PORT" "http://127.0.0.1:$((PORT + 1))")
warm_up 2inst "$ROUNDS_A" $((BUDGET * 75 / 100))
for s in baseline token_issue token_poll seat_map hold_storm hold_pay; do run_scenario 2inst "$s" "$DURATION"; done
check "run C"
stop_servers
fi

# ------------------------------------------------------------------------------ run D: Redis Cluster
if ((CLUSTER)); then
  log "run D: 1 instance on the Redis Cluster $REDIS_CLUSTER_NODES"
  IFS=, read -r -a cluster_nodes <<<"$REDIS_CLUSTER_NODES"
  for node in "${cluster_nodes[@]}"; do
    redis-cli -h "${node%%:*}" -p "${node##*:}" flushall >/dev/null || die "could not flush cluster node $node"
  done
  # Same database as runs A-C: the instance's seat rebuild writes every live seat into the cluster.
  SERVER_CLUSTER_NODES="$REDIS_CLUSTER_NODES"
  start_server D "$PORT" true
  URLS=("http://127.0.0.1:$PORT")
  # The tokens prepared before live in the single Redis: new users, admitted by the cluster's queue.
  # Run A's charges stay in the database: keep their record for the balance check.
  mv "$OUT/users.txt.charged" "$OUT/users-A.txt.charged"
  mv "$OUT/buyers.txt.charged" "$OUT/buyers-A.txt.charged"
  log "preparing $USERS users and $BUYERS buyers on the cluster"
  lib prepare --base "$BASE" --users "$USERS" --charge "$CHARGE" --out "$OUT/users.txt"
  lib prepare --base "$BASE" --users "$BUYERS" --charge "$CHARGE" --out "$OUT/buyers.txt"
  warm_up cluster "$ROUNDS_A" $((BUDGET * 90 / 100))
  for s in baseline hold_storm hold_pay; do run_scenario cluster "$s" "$DURATION"; done
  check "run D"
  stop_servers
  SERVER_CLUSTER_NODES=""
fi

# ------------------------------------------------------------------------------ report
{
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
    "$(free -g | awk '/Mem:/ {print $2}') GB; load average before the run: $LOAD_BEFORE."
  echo "wrk: $CONNS connections, $THREADS threads (2 instances: 2 wrk processes of $((CONNS / 2)) connections);" \
    "cold runs ${COLD}s, warm runs ${DURATION}s, warm-up rounds of ${ROUND}s per scenario ($WARMUP_ROUNDS_USED used by run A)."
  echo "Server: java $JAVA_OPTS_BENCH, access log ${BENCH_ACCESS_LOG:-WARN}; $USERS users + $BUYERS buyers prepared."
  echo "Phases: cold = first load on a fresh JVM; warm = after the warm-up; 2inst = two instances, warm$( ((CLUSTER)) && echo "; cluster = one instance on the 3-master Redis Cluster, warm, run after the others (compare with warm, measured minutes apart)")."
  echo "Warm-up rounds are left out of the table (see wrk/results/results.jsonl). Ratios: to the baseline of the same phase."
  if [[ -n "$WARMUP_CUT" ]]; then echo "Warm-up cut short by the time budget:$WARMUP_CUT"; fi
  echo "Correctness checks: $([[ $CHECK_FAILED == 0 ]] && echo passed || echo FAILED). Whole run: $((SECONDS - START)) s."
} >"$RUNINFO"
lib record-all --file "$RESULTS" --manifest "$MANIFEST"
TMP_RESULTS="$OUT/table.jsonl"
grep -v 'warmup' "$RESULTS" >"$TMP_RESULTS"
lib report --file "$TMP_RESULTS" --title "wrk/bench.sh$( ((QUICK)) && echo ' --quick'), $(date -u +%Y-%m-%dT%H:%MZ)" \
  --extra "$RUNINFO" --out "$OUT/latest.md"
log "table written to wrk/results/latest.md"
((CHECK_FAILED == 0)) || die "a correctness check failed"

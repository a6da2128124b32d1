#!/usr/bin/env bash
# What a remote hop over the clustered event bus costs (docs/cluster.md): an http-only instance
# (the edge) in front of a features-only instance, clustered on loopback. wrk with one connection
# measures the median latency of GET /health/live (answered by the edge alone) and of
# GET /api/v1/concerts (one round trip to the features instance for a cached list that costs the
# feature next to nothing); the difference of the medians is the hop. A figure, not a check (it
# used to be logged by ClusterRolesIntegrationTest, where it cost the test suite ~1,400 requests).
#
# usage: wrk/remote_hop.sh
# Settings (environment, defaults in brackets): HOP_SECONDS per path [10, after 5 s of warm-up],
# HOP_PORT [18180], HOP_CLUSTER_PORTS [5821 5822], HOP_PG_DB [concert_hop] (dropped and made anew),
# HOP_REDIS_DB [8] (flushed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECONDS_PER_PATH="${HOP_SECONDS:-10}"
PORT="${HOP_PORT:-18180}"
read -r -a HZ <<<"${HOP_CLUSTER_PORTS:-5821 5822}"
PG_DB="${HOP_PG_DB:-concert_hop}"
REDIS_DB="${HOP_REDIS_DB:-8}"
JAR="$ROOT/target/concert-reservation.jar"
OUT="$ROOT/wrk/results"
mkdir -p "$OUT"
log() { printf '%s\n' "$*" >&2; }
die() { log "remote_hop.sh: $*"; exit 1; }
for tool in wrk psql redis-cli curl java; do command -v "$tool" >/dev/null || die "$tool is needed"; done

scripts/services.sh up >&2
if [[ ! -f "$JAR" || -n "$(find src/main pom.xml openapi.yaml -newer "$JAR" -print -quit)" ]]; then
  log "building the jar (mvn -B -q -DskipTests package)"
  mvn -B -q -DskipTests package >&2
fi
psql -h 127.0.0.1 -U postgres -w -X -q -d postgres -v ON_ERROR_STOP=1 \
  -c "drop database if exists $PG_DB with (force)" -c "create database $PG_DB" >/dev/null
redis-cli -h 127.0.0.1 -n "$REDIS_DB" flushdb >/dev/null

PIDS=()
stop() { local pid; for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT

# launch NAME ROLES HTTP_PORT HAZELCAST_PORT
launch() {
  env CONCERT_ROLES="$2" CONCERT_HTTP_PORT="$3" \
    CONCERT_PG_URI="postgresql://postgres@127.0.0.1:5432/$PG_DB" CONCERT_REDIS_URI="redis://127.0.0.1:6379/$REDIS_DB" \
    CONCERT_CLUSTER=true CONCERT_CLUSTER_NAME="hop-$$" CONCERT_CLUSTER_HOST=127.0.0.1 CONCERT_CLUSTER_PORT="$4" \
    CONCERT_CLUSTER_MEMBERS="127.0.0.1:${HZ[0]},127.0.0.1:${HZ[1]}" CONCERT_DEMO_DATA=true \
    CONCERT_TOPIC_RESERVATIONS=hop-reservation-events CONCERT_TOPIC_PAYMENTS=hop-payment-events \
    setsid java @scripts/hazelcast-jvm.args -jar "$JAR" >"$OUT/remote-hop-$1.log" 2>&1 </dev/null &
  PIDS+=($!)
}
launch features queue,concert,reservation,payment,relay,sales "$((PORT + 1))" "${HZ[1]}"
launch edge http "$PORT" "${HZ[0]}"
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1200); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/concerts" || true)" == 200 ]] && break
  sleep 0.1
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/concerts")" == 200 ]] \
  || die "the edge does not serve the concert list after 120 s (logs: $OUT/remote-hop-*.log)"

# median PATH: the median latency in microseconds of SECONDS_PER_PATH seconds on one connection.
median() {
  wrk -t1 -c1 -d"${SECONDS_PER_PATH}s" --latency "$URL$1" | awk '$1 == "50%" {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
    printf "%d\n", v * (unit == "ms" ? 1000 : unit == "s" ? 1000000 : 1) }'
}
wrk -t1 -c1 -d5s "$URL/health/live" >/dev/null
wrk -t1 -c1 -d5s "$URL/api/v1/concerts" >/dev/null
local_us="$(median /health/live)"
remote_us="$(median /api/v1/concerts)"
printf 'remote hop: median over %s s on one connection: liveness %s µs, concert list over the cluster %s µs, difference %s µs (load %s)\n' \
  "$SECONDS_PER_PATH" "$local_us" "$remote_us" "$((remote_us - local_us))" "$(cut -d' ' -f1-3 /proc/loadavg)"

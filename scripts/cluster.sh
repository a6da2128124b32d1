#!/usr/bin/env bash
# N clustered instances of the service on this machine, against the local services, for
# benchmarks and tests (docker-compose.yml is the same with Docker).
#
# usage: scripts/cluster.sh up [N]   start N instances (default 2); returns when all are ready
#        scripts/cluster.sh down     SIGTERM each (graceful: in-flight requests finish), then wait
#        scripts/cluster.sh status   one line per instance; exit 0 if all run and are ready, 3 otherwise
#
# Instance i (0-based) serves HTTP on CLUSTER_HTTP_BASE+i (default 8080..) and Hazelcast on
# CLUSTER_HZ_BASE+i (default 5701..); all of them are each other's TCP/IP members, in the cluster
# CONCERT_CLUSTER_NAME (default concert-local). Every other CONCERT_* variable is passed through
# (e.g. CONCERT_PG_URI, CONCERT_QUEUE_MAX_ACTIVE); JAVA_OPTS go to each JVM (default -Xmx512m).
# CONCERT_TOKEN_SECRET and CONCERT_ADMIN_KEY are generated when unset (the key is printed).
# Logs and pid files: .cluster/ (git-ignored). The jar is built when missing or older than the sources.
# CLUSTER_SKIP_SERVICES=1 skips scripts/services.sh up (services already running elsewhere).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STATE=.cluster
JAR=target/concert-reservation.jar
HTTP_BASE="${CLUSTER_HTTP_BASE:-8080}"
HZ_BASE="${CLUSTER_HZ_BASE:-5701}"
READY_SECONDS="${CLUSTER_READY_SECONDS:-240}"

log() { printf '%s\n' "$*"; }
die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }
pid_of() { cat "$STATE/instance-$1.pid" 2>/dev/null || true; }
port_of() { cat "$STATE/instance-$1.port" 2>/dev/null || true; }
instances() { ls "$STATE"/instance-*.pid 2>/dev/null | sed 's/.*instance-\([0-9]*\)\.pid/\1/' | sort -n; }
ready() { curl -fsS -m 2 "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; }
members_seen() { curl -fsS -m 2 -H "Admin-Key: $(admin_key)" "http://127.0.0.1:$1/health/cluster" 2>/dev/null | sed -n 's/.*"size":\([0-9]*\).*/\1/p'; }

# The instances' Admin-Key: CONCERT_ADMIN_KEY, else the one 'up' generated (kept in $STATE, never a known string).
admin_key() { printf '%s' "${CONCERT_ADMIN_KEY:-$(cat "$STATE/admin-key" 2>/dev/null || true)}"; }
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

needs_build() {
  [[ -f "$JAR" ]] || return 0
  [[ pom.xml -nt "$JAR" ]] && return 0
  [[ -f openapi.yaml && openapi.yaml -nt "$JAR" ]] && return 0
  [[ -d src/main && -n "$(find src/main -newer "$JAR" -print -quit)" ]] && return 0
  return 1
}

up() {
  local n="${1:-2}"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "N must be a number from 1 to 99, got '$n'"
  for i in $(instances); do
    alive "$(pid_of "$i")" && die "instances are running already (scripts/cluster.sh status); run 'down' first"
  done
  rm -f "$STATE"/instance-*.pid "$STATE"/instance-*.port
  mkdir -p "$STATE"
  [[ "${CLUSTER_SKIP_SERVICES:-0}" == 1 ]] || scripts/services.sh up
  if needs_build; then
    log "build: mvn -B -q package -DskipTests"
    mvn -B -q package -DskipTests
  fi
  for ((i = 0; i < n; i++)); do
    if curl -s -m 1 -o /dev/null "http://127.0.0.1:$((HTTP_BASE + i))/" 2>/dev/null; then
      die "port $((HTTP_BASE + i)) is taken by something else"
    fi
  done

  local members=""
  for ((i = 0; i < n; i++)); do members+="${members:+,}127.0.0.1:$((HZ_BASE + i))"; done
  # Every instance must share the signing secret and the Admin-Key; unset, they are made up for
  # this cluster (the key printed once, and kept in $STATE for 'status').
  if [[ -z "${CONCERT_ADMIN_KEY:-}" ]]; then
    CONCERT_ADMIN_KEY="$(random_hex 16)"
    log "Admin-Key for this cluster: $CONCERT_ADMIN_KEY"
  fi
  export CONCERT_ADMIN_KEY
  (umask 077 && printf '%s' "$CONCERT_ADMIN_KEY" >"$STATE/admin-key")
  export CONCERT_TOKEN_SECRET="${CONCERT_TOKEN_SECRET:-$(random_hex 32)}"
  for ((i = 0; i < n; i++)); do
    local port=$((HTTP_BASE + i))
    # shellcheck disable=SC2086
    CONCERT_HTTP_PORT="$port" \
    CONCERT_CLUSTER=true \
    CONCERT_CLUSTER_NAME="${CONCERT_CLUSTER_NAME:-concert-local}" \
    CONCERT_CLUSTER_HOST=127.0.0.1 \
    CONCERT_CLUSTER_PORT=$((HZ_BASE + i)) \
    CONCERT_CLUSTER_MEMBERS="$members" \
      nohup java @scripts/hazelcast-jvm.args ${JAVA_OPTS:--Xmx512m} -jar "$JAR" \
      >"$STATE/instance-$i.log" 2>&1 </dev/null &
    echo $! >"$STATE/instance-$i.pid"
    echo "$port" >"$STATE/instance-$i.port"
    log "instance $i: pid $!, http :$port, hazelcast :$((HZ_BASE + i)), log $STATE/instance-$i.log"
  done

  local end=$((SECONDS + READY_SECONDS))
  for ((i = 0; i < n; i++)); do
    local pid port
    pid="$(pid_of "$i")"; port="$(port_of "$i")"
    until ready "$port" && [[ "$(members_seen "$port")" == "$n" ]]; do
      if ! alive "$pid"; then
        tail -n 30 "$STATE/instance-$i.log" >&2 || true
        die "instance $i exited during start-up (log above)"
      fi
      ((SECONDS < end)) || die "instance $i not ready in a cluster of $n within ${READY_SECONDS}s (see $STATE/instance-$i.log)"
      sleep 0.5
    done
  done
  log "$n instance(s) ready: http://127.0.0.1:$HTTP_BASE .. :$((HTTP_BASE + n - 1))"
}

down() {
  local pids=()
  for i in $(instances); do
    local pid; pid="$(pid_of "$i")"
    if alive "$pid"; then
      kill -TERM "$pid"
      pids+=("$pid")
    fi
  done
  # The grace period (CONCERT_SHUTDOWN_GRACE_MS, 10 s) plus leaving the cluster; then no mercy.
  local end=$((SECONDS + 40))
  for pid in "${pids[@]}"; do
    while alive "$pid" && ((SECONDS < end)); do sleep 0.2; done
    if alive "$pid"; then
      log "pid $pid did not stop in time: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -f "$STATE"/instance-*.pid "$STATE"/instance-*.port "$STATE/admin-key"
  log "stopped ${#pids[@]} instance(s)"
}

status() {
  local all_ok=0 any=0
  for i in $(instances); do
    any=1
    local pid port
    pid="$(pid_of "$i")"; port="$(port_of "$i")"
    if ! alive "$pid"; then
      log "instance $i: pid $pid not running"; all_ok=3; continue
    fi
    if ready "$port"; then
      log "instance $i: pid $pid, http :$port ready, sees $(members_seen "$port") member(s)"
    else
      log "instance $i: pid $pid, http :$port NOT ready"; all_ok=3
    fi
  done
  ((any)) || { log "no instances (scripts/cluster.sh up N)"; return 3; }
  return "$all_ok"
}

case "${1:-}" in
  up) up "${2:-2}" ;;
  down) down ;;
  status) status ;;
  *) die "usage: scripts/cluster.sh up [N] | down | status" ;;
esac

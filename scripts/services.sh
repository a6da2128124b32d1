#!/usr/bin/env bash
# Local services for development and tests, without Docker:
#   Postgres 127.0.0.1:5432 (user postgres, trust auth, databases concert and concert_test)
#   Redis    127.0.0.1:6379
#   Redis    127.0.0.1:6401-6403, one server per parallel integration-test JVM (fork N uses 6400 + N
#            and database concert_test_N: pub/sub channels are server-wide, so forks cannot share one)
#   Kafka    127.0.0.1:9092 (single-node KRaft broker from Maven Central's jars, controller 9093)
#   Redis Cluster 127.0.0.1:7001-7003 (three masters, no replicas; for the cluster variant of tests)
#
# usage: scripts/services.sh up|down|status|check|browser
#   up      start what is not running (installs postgresql / redis-server with apt when missing);
#           returns when all answer. Safe to run again.
#   down    stop them all (up brings them back).
#   status  one line per service; exit 0 if all run, 3 otherwise.
#   check   a real round trip on each (SQL query, Redis SET/GET, Kafka transactional
#           produce + read_committed consume); exit 0 if all pass.
#   browser install Debian's chromium and chromium-driver with apt when missing (the browser
#           tests drive /usr/bin/chromium through /usr/bin/chromedriver). Safe to run again.
#
# State (Kafka jars, data and logs, Redis/Postgres scratch dirs): ${CONCERT_SERVICES_DIR:-~/.cache/concert-services}.
# Ports can be moved for experiments with CONCERT_SERVICES_{PG,REDIS,KAFKA,KAFKA_CONTROLLER}_PORT
# and CONCERT_SERVICES_REDIS_CLUSTER_PORTS (space-separated); the test forks' Redis servers with
# CONCERT_TEST_FORK_REDIS_BASE (the tests read it too) and CONCERT_SERVICES_TEST_FORKS (how many);
# the application's defaults expect the standard ones.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${CONCERT_SERVICES_DIR:-${HOME:-/tmp}/.cache/concert-services}"
HOST=127.0.0.1
PG_PORT="${CONCERT_SERVICES_PG_PORT:-5432}"
REDIS_PORT="${CONCERT_SERVICES_REDIS_PORT:-6379}"
KAFKA_PORT="${CONCERT_SERVICES_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${CONCERT_SERVICES_KAFKA_CONTROLLER_PORT:-9093}"
TEST_FORKS="${CONCERT_SERVICES_TEST_FORKS:-3}"
TEST_REDIS_BASE="${CONCERT_TEST_FORK_REDIS_BASE:-6400}"
PG_DATABASES=(concert concert_test)
for ((fork = 1; fork <= TEST_FORKS; fork++)); do PG_DATABASES+=("concert_test_$fork"); done
KAFKA_VERSION=4.2.0
KAFKA_TOPICS=(reservation-events payment-events)
KAFKA_HEAP="${CONCERT_SERVICES_KAFKA_HEAP:--Xms128m -Xmx512m}"

KAFKA_DIR="$STATE/kafka"
KAFKA_LIB="$STATE/kafka-$KAFKA_VERSION/lib"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
REDIS_DIR="$STATE/redis"
REDIS_CLUSTER_DIR="$STATE/redis-cluster"
read -r -a REDIS_CLUSTER_PORTS <<<"${CONCERT_SERVICES_REDIS_CLUSTER_PORTS:-7001 7002 7003}"
PG_MODE_FILE="$STATE/postgres.mode"

JAVA="java"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; fi
JAVAC="javac"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then JAVAC="$JAVA_HOME/bin/javac"; fi

SUDO=()
if [[ "$(id -u)" != 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi

log() { printf '%s\n' "$*"; }
die() { printf 'services.sh: %s\n' "$*" >&2; exit 1; }

# Print the last lines of a log file to stderr (for failures).
tail_log() {
  local f="$1"
  if [[ -r "$f" ]]; then
    printf -- '--- last lines of %s ---\n' "$f" >&2
    tail -n "${2:-30}" "$f" >&2 || true
  fi
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }
port_closed() { ! port_open "$1"; }
pid_gone() { ! kill -0 "$1" 2>/dev/null; }

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "need to install $* but apt-get is missing: install it by hand"
  if [[ "$APT_UPDATED" == 0 ]]; then
    log "apt: updating package lists"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$STATE/apt.log" 2>&1 \
      || { tail_log "$STATE/apt.log"; die "apt-get update failed"; }
    APT_UPDATED=1
  fi
  log "apt: installing $*"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >>"$STATE/apt.log" 2>&1 9>&- \
    || { tail_log "$STATE/apt.log"; die "apt-get install $* failed"; }
}

# wait_for SECONDS COMMAND...: poll every 0.2 s until COMMAND succeeds.
wait_for() {
  local secs="$1"; shift
  local end=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < end)) || return 1
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------- Postgres

pg_bindir() {
  local d
  # shellcheck disable=SC2012
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$d/postgres" ]]; then printf '%s\n' "$d"; return 0; fi
  done
  return 1
}

pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1
  else
    port_open "$PG_PORT"
  fi
}

pg_psql() { psql -h "$HOST" -p "$PG_PORT" -U postgres -w -X -q -v ON_ERROR_STOP=1 "$@"; }
pg_login_ok() { pg_psql -d postgres -tAc 'select 1' >/dev/null 2>&1; }

# Debian cluster (from pg_lsclusters) on our port: prints "VERSION NAME STATUS".
pg_debian_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; found = 1; exit } END { exit !found }'
}

pg_as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Directory for a throwaway cluster: under the state dir when the postgres user can write there
# (not when the state dir is under /root), else in the postgres user's home.
pg_local_dir() {
  local d="$STATE/postgres"
  if [[ "$(id -u)" == 0 ]]; then
    mkdir -p "$d" && chown postgres: "$d"
    if ! runuser -u postgres -- test -w "$d/." 2>/dev/null; then
      rmdir "$d" 2>/dev/null || true
      d="$(getent passwd postgres | cut -d: -f6)/concert-services"
      mkdir -p "$d" && chown postgres: "$d"
    fi
  else
    mkdir -p "$d"
  fi
  printf '%s\n' "$d"
}

pg_start_local() {
  local bin="$1" dir data
  dir="$(pg_local_dir)"
  data="$dir/data"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    log "postgres: creating a scratch cluster in $data"
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
      || pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >"$STATE/initdb.log" 2>&1 \
      || { tail_log "$STATE/initdb.log"; die "initdb failed"; }
  fi
  log "postgres: starting scratch cluster ($data)"
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=$HOST -c port=$PG_PORT -c unix_socket_directories=$data" start >/dev/null 9>&- \
    || { tail_log "$dir/postgres.log"; die "postgres did not start"; }
  printf 'local %s %s\n' "$bin" "$data" >"$PG_MODE_FILE"
}

# Make sure user postgres may log in over TCP from 127.0.0.1 without a password.
pg_ensure_trust() {
  pg_login_ok && return 0
  local c ver name hba
  if c="$(pg_debian_cluster)"; then
    read -r ver name _ <<<"$c"
    hba="/etc/postgresql/$ver/$name/pg_hba.conf"
    if [[ -w "$hba" ]] && ! grep -q 'concert-services' "$hba"; then
      log "postgres: allowing trust login for postgres@127.0.0.1 in $hba"
      { printf '# added by concert-services (scripts/services.sh): local development only\n'
        printf 'host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n'
        cat "$hba"; } >"$hba.new"
      chown --reference="$hba" "$hba.new" 2>/dev/null || true
      chmod --reference="$hba" "$hba.new" 2>/dev/null || true
      mv "$hba.new" "$hba"
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >/dev/null 2>&1 9>&- || true
      wait_for 10 pg_login_ok && return 0
    fi
  fi
  pg_psql -d postgres -tAc 'select 1' >&2 || true
  die "postgres answers on $HOST:$PG_PORT but user postgres cannot log in without a password (trust auth needed)"
}

pg_up() {
  local bin c ver name
  if pg_ready; then
    log "postgres: already running on $HOST:$PG_PORT"
  else
    if ! bin="$(pg_bindir)"; then
      apt_install postgresql
      bin="$(pg_bindir)" || die "postgresql installed but no server binaries under /usr/lib/postgresql/*/bin"
      # The package may have started its cluster already.
      wait_for 5 pg_ready || true
    fi
    if ! pg_ready; then
      if c="$(pg_debian_cluster)"; then
        read -r ver name _ <<<"$c"
        log "postgres: starting Debian cluster $ver/$name"
        pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 9>&- \
          || { tail_log "/var/log/postgresql/postgresql-$ver-$name.log"; die "pg_ctlcluster $ver $name start failed"; }
        printf 'debian %s %s\n' "$ver" "$name" >"$PG_MODE_FILE"
      else
        pg_start_local "$bin"
      fi
    fi
    wait_for 30 pg_ready || die "postgres does not answer on $HOST:$PG_PORT after 30 s"
    log "postgres: running on $HOST:$PG_PORT"
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  pg_ensure_trust
  local db created=() opts=""
  # A cluster made under a C/POSIX locale defaults to SQL_ASCII: ask for UTF-8 then.
  if [[ "$(pg_psql -d postgres -tAc "select pg_encoding_to_char(encoding) from pg_database where datname = 'template1'")" != UTF8 ]]; then
    opts=" template template0 encoding 'UTF8' locale 'C'"
  fi
  for db in "${PG_DATABASES[@]}"; do
    if [[ "$(pg_psql -d postgres -tAc "select 1 from pg_database where datname = '$db'")" != 1 ]]; then
      pg_psql -d postgres -c "create database \"$db\"$opts" >/dev/null
      created+=("$db")
    fi
  done
  if ((${#created[@]})); then log "postgres: created database(s) ${created[*]}"; fi
}

pg_down() {
  if ! pg_ready; then log "postgres: not running"; return 0; fi
  local mode=() c ver name
  if [[ -f "$PG_MODE_FILE" ]]; then read -r -a mode <"$PG_MODE_FILE"; fi
  if [[ "${mode[0]:-}" == local && -f "${mode[2]}/postmaster.pid" ]]; then
    pg_as_owner "${mode[1]}/pg_ctl" -D "${mode[2]}" -m fast -w -t 60 stop >/dev/null
    log "postgres: stopped scratch cluster"
  elif c="$(pg_debian_cluster)" && [[ "$c" == *online* ]]; then
    read -r ver name _ <<<"$c"
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop -m fast
    log "postgres: stopped Debian cluster $ver/$name"
  else
    log "postgres: something else answers on $HOST:$PG_PORT; not stopping it"
    return 0
  fi
  rm -f "$PG_MODE_FILE"
}

pg_status() {
  if pg_ready; then log "postgres: running ($HOST:$PG_PORT)"; else log "postgres: stopped"; return 1; fi
}

# ------------------------------------------------------------------------------------------- Redis

# Send one inline command to Redis and print the first reply line (no redis-cli needed).
# The port is REDIS_PORT unless a second argument names another.
redis_cmd() {
  # shellcheck disable=SC2016
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "%s\r\n" "$3" >&3
    IFS= read -r -t 2 line <&3 || exit 0
    printf "%s\n" "${line%$'"'"'\r'"'"'}"
  ' _ "$HOST" "${2:-$REDIS_PORT}" "$1" 2>/dev/null
}

redis_ready() { [[ "$(redis_cmd PING "${1:-$REDIS_PORT}" || true)" == "+PONG" ]]; }

# redis_server_up PORT DIR NAME: start a plain Redis on PORT (state and log in DIR) unless one answers.
redis_server_up() {
  local port="$1" dir="$2" name="$3"
  if redis_ready "$port"; then log "$name: already running on $HOST:$port"; return 0; fi
  if port_open "$port"; then die "something answers on $HOST:$port but not as Redis (PING: $(redis_cmd PING "$port" || true))"; fi
  if ! command -v redis-server >/dev/null 2>&1; then
    apt_install redis-server
    # The package may have started its own server already (on 6379).
    if wait_for 3 redis_ready "$port"; then log "$name: running on $HOST:$port (started by the package)"; return 0; fi
  fi
  mkdir -p "$dir"
  log "$name: starting on $HOST:$port"
  redis-server --daemonize yes --bind "$HOST" --port "$port" --save '' --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null 9>&- \
    || { tail_log "$dir/redis.log"; die "redis-server ($name) failed to start"; }
  wait_for 15 redis_ready "$port" || { tail_log "$dir/redis.log"; die "$name does not answer on $HOST:$port after 15 s"; }
  log "$name: running on $HOST:$port"
}

redis_server_down() {
  local port="$1" name="$2"
  if ! redis_ready "$port"; then log "$name: not running"; return 0; fi
  redis_cmd 'SHUTDOWN NOSAVE' "$port" >/dev/null || true
  if wait_for 10 port_closed "$port"; then log "$name: stopped"; else die "$name did not stop"; fi
}

redis_up() { redis_server_up "$REDIS_PORT" "$REDIS_DIR" redis; }
redis_down() { redis_server_down "$REDIS_PORT" redis; }

redis_status() {
  if redis_ready; then log "redis: running ($HOST:$REDIS_PORT)"; else log "redis: stopped"; return 1; fi
}

# One Redis server per parallel integration-test JVM (support/TestServices picks 6400 + fork number).
test_redis_ports() {
  local fork
  for ((fork = 1; fork <= TEST_FORKS; fork++)); do printf '%s\n' "$((TEST_REDIS_BASE + fork))"; done
}

test_redis_up() {
  local port
  for port in $(test_redis_ports); do redis_server_up "$port" "$STATE/redis-test-$port" "redis (test fork)"; done
}

test_redis_down() {
  local port
  for port in $(test_redis_ports); do redis_server_down "$port" "redis (test fork)"; done
}

test_redis_status() {
  local port rc=0
  for port in $(test_redis_ports); do redis_ready "$port" || rc=1; done
  if ((rc == 0)); then log "redis (test forks): running ($HOST:$(test_redis_ports | paste -sd,))"
  else log "redis (test forks): not all running ($HOST:$(test_redis_ports | paste -sd,))"; return 1; fi
}

# ------------------------------------------------------------------------------------------- Kafka

# Redis Cluster: three masters on their own ports (no replicas), for the cluster variant of the
# tests and benchmarks. Each node keeps its nodes.conf in its own directory; a node set that lost
# its nodes.conf (or was never created) is created anew.
redis_cluster_ready() {
  local port="${REDIS_CLUSTER_PORTS[0]}"
  [[ "$(redis-cli -h "$HOST" -p "$port" cluster info 2>/dev/null | tr -d '\r' | grep '^cluster_state:')" == "cluster_state:ok" ]] \
    && [[ "$(redis-cli -h "$HOST" -p "$port" cluster info 2>/dev/null | tr -d '\r' | grep '^cluster_known_nodes:')" == "cluster_known_nodes:${#REDIS_CLUSTER_PORTS[@]}" ]]
}

redis_cluster_node_up() {
  local port="$1" dir="$REDIS_CLUSTER_DIR/$1"
  if [[ "$(redis-cli -h "$HOST" -p "$port" ping 2>/dev/null || true)" == PONG ]]; then return 0; fi
  port_open "$port" && die "something answers on $HOST:$port but not as Redis"
  mkdir -p "$dir"
  redis-server --daemonize yes --bind "$HOST" --port "$port" --cluster-enabled yes \
    --cluster-config-file "$dir/nodes.conf" --cluster-node-timeout 5000 --dir "$dir" \
    --save '' --appendonly no --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null 9>&- \
    || { tail_log "$dir/redis.log"; die "redis-server (cluster node $port) failed to start"; }
  wait_for 15 bash -c "[[ \"\$(redis-cli -h $HOST -p $port ping 2>/dev/null)\" == PONG ]]" \
    || { tail_log "$dir/redis.log"; die "redis cluster node $port does not answer after 15 s"; }
}

redis_cluster_up() {
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
  if redis_cluster_ready; then log "redis cluster: already running on $HOST:${REDIS_CLUSTER_PORTS[*]}"; return 0; fi
  local port nodes=()
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    redis_cluster_node_up "$port"
    nodes+=("$HOST:$port")
  done
  # Restarted nodes with their nodes.conf find each other again within a second or two.
  if [[ ! -s "$REDIS_CLUSTER_DIR/${REDIS_CLUSTER_PORTS[0]}/nodes.conf" ]] || ! wait_for 4 redis_cluster_ready; then
    # Nodes without slots (fresh, or reset): reset them and create the cluster.
    for port in "${REDIS_CLUSTER_PORTS[@]}"; do
      redis-cli -h "$HOST" -p "$port" flushall >/dev/null 2>&1 || true
      redis-cli -h "$HOST" -p "$port" cluster reset hard >/dev/null 2>&1 || true
    done
    log "redis cluster: creating ${#nodes[@]} masters"
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$REDIS_CLUSTER_DIR/create.log" 2>&1 9>&- \
      || { tail_log "$REDIS_CLUSTER_DIR/create.log"; die "redis-cli --cluster create failed"; }
    wait_for 20 redis_cluster_ready || die "redis cluster not ready 20 s after creation"
  fi
  log "redis cluster: running on $HOST:${REDIS_CLUSTER_PORTS[*]}"
}

redis_cluster_down() {
  local port stopped=0
  for port in "${REDIS_CLUSTER_PORTS[@]}"; do
    if [[ "$(redis-cli -h "$HOST" -p "$port" ping 2>/dev/null || true)" == PONG ]]; then
      redis-cli -h "$HOST" -p "$port" shutdown nosave >/dev/null 2>&1 || true
      stopped=1
    fi
  done
  if ((stopped)); then log "redis cluster: stopped"; else log "redis cluster: not running"; fi
}

redis_cluster_status() {
  if command -v redis-cli >/dev/null 2>&1 && redis_cluster_ready; then log "redis cluster: running ($HOST:${REDIS_CLUSTER_PORTS[*]})"
  else log "redis cluster: stopped"; return 1; fi
}

kafka_fetch() {
  local stamp want
  want="$KAFKA_VERSION $(cksum <"$ROOT/scripts/kafka/pom.xml" | cut -d' ' -f1)"
  stamp="$KAFKA_LIB/.fetched"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || die "mvn is needed to fetch the Kafka jars"
  log "kafka: fetching Kafka $KAFKA_VERSION jars with Maven (first run only)"
  local tmp="$KAFKA_LIB.tmp"
  rm -rf "$tmp"
  mvn -B -q -f "$ROOT/scripts/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$STATE/kafka-fetch.log" 2>&1 \
    || { tail_log "$STATE/kafka-fetch.log"; die "could not fetch the Kafka jars"; }
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Kafka jars missing after the fetch (see $STATE/kafka-fetch.log)"
  rm -rf "$KAFKA_LIB"
  mv "$tmp" "$KAFKA_LIB"
  printf '%s\n' "$want" >"$stamp"
}

# Compile the small admin helper once (and again when its source changes).
kafka_admin() {
  local src="$ROOT/scripts/kafka/KafkaAdmin.java" out="$KAFKA_DIR/admin-classes"
  if [[ ! -f "$out/KafkaAdmin.class" || "$src" -nt "$out/KafkaAdmin.class" ]]; then
    rm -rf "$out"; mkdir -p "$out"
    "$JAVAC" -nowarn -d "$out" -cp "$KAFKA_LIB/*" "$src" >/dev/null 2>"$KAFKA_DIR/admin-compile.log" \
      || { tail_log "$KAFKA_DIR/admin-compile.log"; return 1; }
  fi
  KAFKA_BOOTSTRAP="$HOST:$KAFKA_PORT" "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "$out:$KAFKA_LIB/*" KafkaAdmin "$@"
}

# PID of the broker this script runs (from the pid file, else found by its config path).
kafka_pid() {
  local pid
  if [[ -f "$KAFKA_PID" ]]; then
    pid="$(cat "$KAFKA_PID")"
    if [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $KAFKA_PROPS"; then
      printf '%s\n' "$pid"; return 0
    fi
  fi
  local f
  for f in /proc/[0-9]*/cmdline; do
    pid="${f#/proc/}"; pid="${pid%/cmdline}"
    if tr '\0' ' ' <"$f" 2>/dev/null | grep -qF "kafka.Kafka $KAFKA_PROPS"; then
      printf '%s\n' "$pid" >"$KAFKA_PID"
      printf '%s\n' "$pid"; return 0
    fi
  done
  return 1
}

kafka_ready() { port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null; }

kafka_up() {
  local pid
  if pid="$(kafka_pid)"; then
    # Ours; it may still be starting (another up racing this one, or a slow box).
    if wait_for 90 kafka_ready; then log "kafka: already running on $HOST:$KAFKA_PORT (pid $pid)"; return 0; fi
    tail_log "$KAFKA_LOG"; die "kafka (pid $pid) runs but is not ready after 90 s; try: $0 down && $0 up"
  fi
  if port_open "$KAFKA_PORT"; then
    log "kafka: something not started by this script listens on $HOST:$KAFKA_PORT; using it"
    return 0
  fi
  mkdir -p "$KAFKA_DIR"
  kafka_fetch
  command -v "$JAVA" >/dev/null 2>&1 || die "java is needed to run Kafka"

  sed -e "s|@LOG_DIRS@|$KAFKA_DIR/data|" \
      -e "s|127.0.0.1:9092|$HOST:$KAFKA_PORT|g" -e "s|127.0.0.1:9093|$HOST:$KAFKA_CONTROLLER_PORT|g" \
      "$ROOT/scripts/kafka/server.properties.template" >"$KAFKA_PROPS"

  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    local id
    id="$("$JAVA" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    [[ -n "$id" ]] || die "kafka: could not make a cluster id"
    "$JAVA" -cp "$KAFKA_LIB/*" -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.properties" \
      kafka.tools.StorageTool format -t "$id" -c "$KAFKA_PROPS" --standalone >"$KAFKA_DIR/format.log" 2>&1 \
      || { tail_log "$KAFKA_DIR/format.log"; die "kafka storage format failed"; }
    log "kafka: formatted storage in $KAFKA_DIR/data"
  fi

  cp "$ROOT/scripts/kafka/log4j2.properties" "$KAFKA_DIR/log4j2.properties"
  if [[ -f "$KAFKA_LOG" ]]; then mv -f "$KAFKA_LOG" "$KAFKA_LOG.1"; fi
  # setsid + nohup: the broker outlives this script and the terminal or job that ran it.
  # shellcheck disable=SC2086
  nohup setsid "$JAVA" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_PROPS" >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PID"
  log "kafka: starting on $HOST:$KAFKA_PORT (pid $pid, log $KAFKA_LOG)"
  local end=$((SECONDS + 90))
  until kafka_ready; do
    if ! kill -0 "$pid" 2>/dev/null && ! pid="$(kafka_pid)"; then tail_log "$KAFKA_LOG"; rm -f "$KAFKA_PID"; die "kafka exited during start"; fi
    if ((SECONDS >= end)); then tail_log "$KAFKA_LOG"; die "kafka not ready after 90 s"; fi
    sleep 0.3
  done
  local out
  if out="$(kafka_admin create 3 "${KAFKA_TOPICS[@]}" 2>&1)"; then
    log "kafka: running; topics ${KAFKA_TOPICS[*]} present"
  else
    printf '%s\n' "$out" | tail -n 5 >&2
    log "kafka: running; could not create topics (the broker auto-creates them)"
  fi
}

kafka_down() {
  local pid
  if ! pid="$(kafka_pid)"; then
    rm -f "$KAFKA_PID"
    if port_open "$KAFKA_PORT"; then log "kafka: something not started by this script listens on $HOST:$KAFKA_PORT; not stopping it"
    else log "kafka: not running"; fi
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for 60 pid_gone "$pid"; then
    log "kafka: no clean stop after 60 s; killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for 10 pid_gone "$pid" || die "kafka pid $pid does not die"
  fi
  rm -f "$KAFKA_PID"
  log "kafka: stopped"
}

kafka_status() {
  local pid
  if pid="$(kafka_pid)" && port_open "$KAFKA_PORT"; then log "kafka: running ($HOST:$KAFKA_PORT, pid $pid)"
  elif port_open "$KAFKA_PORT"; then log "kafka: running ($HOST:$KAFKA_PORT, not started by this script)"
  else log "kafka: stopped"; return 1; fi
}

# ----------------------------------------------------------------------------------------- browser

# Headless Chromium for the buyer's page tests; only Debian's packages (a browser download of a
# test tool's own does not work offline).
browser_up() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    log "browser: $(/usr/bin/chromium --version 2>/dev/null | head -n 1) with $(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
    return 0
  fi
  apt_install chromium chromium-driver
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || die "chromium / chromium-driver installed but /usr/bin/chromium or /usr/bin/chromedriver is missing"
  log "browser: installed $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
}

# -------------------------------------------------------------------------------------------- main

cmd="${1:-}"
case "$cmd" in
  up | down | status | check | browser) ;;
  *) echo "usage: $0 up|down|status|check|browser" >&2; exit 2 ;;
esac

mkdir -p "$STATE"
if [[ "$cmd" == up || "$cmd" == down || "$cmd" == browser ]]; then
  # One up/down at a time (a test run and a server start may race).
  exec 9>"$STATE/.lock"
  flock -w 600 9 || die "another services.sh holds $STATE/.lock"
fi

case "$cmd" in
  up)
    pg_up
    redis_up
    test_redis_up
    redis_cluster_up
    kafka_up
    ;;
  browser)
    browser_up
    ;;
  down)
    kafka_down
    redis_cluster_down
    test_redis_down
    redis_down
    pg_down
    ;;
  status)
    rc=0
    pg_status || rc=3
    redis_status || rc=3
    test_redis_status || rc=3
    redis_cluster_status || rc=3
    kafka_status || rc=3
    exit "$rc"
    ;;
  check)
    rc=0
    for db in "${PG_DATABASES[@]}"; do
      if [[ "$(pg_psql -d "$db" -tAc 'select 40 + 2' 2>&1)" == 42 ]]; then log "postgres: ok (database $db)"
      else log "postgres: FAILED on database $db"; rc=1; fi
    done
    if [[ "$(redis_cmd 'SET concert-services:check ok EX 10' || true)" == "+OK" && "$(redis_cmd 'EXISTS concert-services:check' || true)" == ":1" ]]; then
      log "redis: ok"
    else log "redis: FAILED"; rc=1; fi
    if [[ -d "$KAFKA_LIB" ]] && out="$(kafka_admin selftest 2>&1)"; then log "kafka: ok (transactional produce, read_committed consume)"
    else log "kafka: FAILED ${out:-}"; rc=1; fi
    exit "$rc"
    ;;
esac

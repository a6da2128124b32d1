#!/usr/bin/env bash
# Start everything: local Postgres, Redis and Kafka (scripts/services.sh up), build the fat jar when
# the sources are newer than it, then run the service on :8080 (demo data on an empty database).
# Environment: the CONCERT_* variables of the service (see openapi.yaml / README); JAVA_OPTS for the JVM.
# Runs in development mode (docs/security.md) with a generated Admin-Key unless CONCERT_ADMIN_KEY is set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/services.sh up

JAR=target/concert-reservation.jar
needs_build() {
  [[ -f "$JAR" ]] || return 0
  [[ pom.xml -nt "$JAR" ]] && return 0
  [[ -f openapi.yaml && openapi.yaml -nt "$JAR" ]] && return 0
  [[ -d src && -n "$(find src -newer "$JAR" -print -quit)" ]] && return 0
  return 1
}
if needs_build; then
  echo "build: mvn -B -q package -DskipTests"
  mvn -B -q package -DskipTests
fi

# Development mode: the service may sign with its development secret and listens on 127.0.0.1
# only. Set CONCERT_DEV_MODE=false (with CONCERT_TOKEN_SECRET and CONCERT_ADMIN_KEY) to run it
# as in production.
export CONCERT_DEV_MODE="${CONCERT_DEV_MODE:-true}"
if [[ "$CONCERT_DEV_MODE" == true && -z "${CONCERT_ADMIN_KEY:-}" ]]; then
  # A new key each run, never a known string: printed once, here.
  CONCERT_ADMIN_KEY="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  export CONCERT_ADMIN_KEY
  echo "run.sh: development mode; Admin-Key for this run: $CONCERT_ADMIN_KEY"
fi
JVM_FLAGS=()
if [[ "${CONCERT_CLUSTER:-false}" == true ]]; then
  # What Hazelcast asks for (the jar's manifest covers the opens/exports, not --add-modules);
  # one list shared with scripts/cluster.sh and the cluster tests.
  JVM_FLAGS=(@scripts/hazelcast-jvm.args)
fi
# shellcheck disable=SC2086
exec java "${JVM_FLAGS[@]}" ${JAVA_OPTS:-} -jar "$JAR"

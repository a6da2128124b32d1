#!/usr/bin/env bash
# Start everything: local Postgres, Redis and Kafka (scripts/services.sh up), build the fat jar when
# the sources are newer than it, then run the service on :8080 (demo data on an empty database).
# Environment: the CONCERT_* variables of the service (see openapi.yaml / README); JAVA_OPTS for the JVM.
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

export CONCERT_ADMIN_KEY="${CONCERT_ADMIN_KEY:-dev-admin-key}"
JVM_FLAGS=()
if [[ "${CONCERT_CLUSTER:-false}" == true ]]; then
  # What Hazelcast asks for (the jar's manifest covers the opens/exports, not --add-modules);
  # one list shared with scripts/cluster.sh and the cluster tests.
  JVM_FLAGS=(@scripts/hazelcast-jvm.args)
fi
# shellcheck disable=SC2086
exec java "${JVM_FLAGS[@]}" ${JAVA_OPTS:-} -jar "$JAR"

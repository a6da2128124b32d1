#!/usr/bin/env bash
# Run the whole test suite: start the local services (scripts/services.sh up), install headless
# Chromium when missing (scripts/services.sh browser), then mvn verify, which runs:
#   1. surefire: unit tests (*Test: no Postgres, Redis, Kafka, network, child JVM or browser;
#      ArchitectureTest.unitTestsTouchNoIo checks it), one JVM. Alone: mvn test.
#   2. failsafe: integration tests (*IntegrationTest) in it.forkCount JVMs at once [3]. Fork N has
#      its own database concert_test_N and its own Redis server 127.0.0.1:6400+N (services.sh
#      starts 6401-6403), so no data or pub/sub channel crosses between forks; Kafka is shared
#      (topics and consumer groups per JVM). The Redis Cluster (7001-7003), clustered JVMs and
#      Chromium are one per machine: a class that uses one holds a lock file for it
#      (support/MachineWide), so no two forks use it at once.
# Measured (2026-12-07, this 2-core box, warm services, quiet): 7 min 46 s for 557 tests at 56a3dbc
# (earlier: 4 min 14 s for 349 tests; 7 min 7 s when everything ran in one JVM); mvn test alone
# about 15 s. Details: docs/testing.md, "Time".
# CONCERT_TEST_PG_URI names fork 1's database (fork N: the name with _N); CONCERT_TEST_REDIS_URI
# names one Redis server and makes the integration tests run in one fork; CONCERT_TEST_FORK_REDIS_BASE
# moves the forks' Redis ports; CONCERT_TEST_KAFKA_BOOTSTRAP [127.0.0.1:9092] the broker. Tests
# empty their database and Redis. Which test keeps which promise: docs/testing.md.
# Extra arguments go to Maven (e.g. scripts/test.sh -Dit.forkCount=3, or
# scripts/test.sh -Dit.test=ReservationIntegrationTest -Dtest=ArchitectureTest).
# Exit code is Maven's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/services.sh up
scripts/services.sh browser   # chromium + chromium-driver for the buyer's page test (apt, when missing)
exec mvn -B verify "$@"

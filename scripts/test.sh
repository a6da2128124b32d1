#!/usr/bin/env bash
# Run the test suite: start the local services (scripts/services.sh up), install headless Chromium
# when missing (scripts/services.sh browser), then mvn verify.
# Unit tests and integration tests (*IntegrationTest) run together, against the real Postgres,
# Redis and Kafka: CONCERT_TEST_PG_URI [postgresql://postgres@127.0.0.1:5432/concert_test],
# CONCERT_TEST_REDIS_URI [redis://127.0.0.1:6379/1] and CONCERT_TEST_KAFKA_BOOTSTRAP
# [127.0.0.1:9092] choose them (tests empty that database and Redis db; Kafka topics and consumer
# groups are unique per run). The cluster tests (dev.concert.cluster) start instances in separate
# JVMs; the *OnRedisCluster tests use the local Redis Cluster (7001-7003). The browser test drives
# headless Chromium. Which test keeps which promise: README, "Promises and where they are tested".
# Extra arguments go to Maven (e.g. scripts/test.sh -Dtest='ReservationIntegrationTest,ArchitectureTest').
# Exit code is Maven's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/services.sh up
scripts/services.sh browser   # chromium + chromium-driver for the buyer's page test (apt, when missing)
exec mvn -B verify "$@"

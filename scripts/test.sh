#!/usr/bin/env bash
# Run the test suite: start the local services (scripts/services.sh up), install headless Chromium
# when missing (scripts/services.sh browser), then mvn verify.
# Extra arguments go to Maven (e.g. scripts/test.sh -Dtest=SeatHoldTest). Exit code is Maven's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/services.sh up
scripts/services.sh browser   # chromium + chromium-driver for the buyer's page test (apt, when missing)
exec mvn -B verify "$@"

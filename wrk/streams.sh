#!/usr/bin/env bash
# Runs wrk/streams.java (the live-update load tool) with a raised open-file limit.
# Example: wrk/streams.sh --url http://127.0.0.1:8080 --streams 50000 --sources 8 --admin-key KEY --pid 1234
# The server must run with CONCERT_STREAMS_PER_TOKEN=0 CONCERT_STREAMS_PER_ADDRESS=0 (the stream
# limits off): at their defaults each source address may hold only 100 streams.
set -euo pipefail
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec java -Xss256k -Xmx1g "$(dirname "$0")/streams.java" "$@"

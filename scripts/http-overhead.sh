#!/usr/bin/env bash
# HTTP overhead of the limiter: the sample app under wrk, /api/resource (tier 'free',
# limits raised so no one reaches them) against /api/ping (not limited), same run,
# alternating, same connections. Needs wrk on PATH and a built sample jar:
#   ./mvnw -q install -DskipTests && scripts/http-overhead.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
JAR=$(ls sample-app/target/sample-app-*.jar | head -1)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
	|| echo $((20000 + RANDOM % 20000)))
LOG=$(mktemp)
java -jar "$JAR" --server.port="$PORT" --logging.structured.format.console= \
	--ratelimit.tiers.free.limits.per-minute.limit=10000000 \
	--ratelimit.tiers.free.limits.per-minute.burst=10000000 \
	--ratelimit.tiers.free.limits.per-day.limit=50000000 >"$LOG" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/api/ping" >/dev/null && break; sleep 0.5; done
echo "warm-up"
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "http://127.0.0.1:$PORT/api/ping" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "X-API-Key: bench" "http://127.0.0.1:$PORT/api/resource" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
	for path in /api/ping /api/resource; do
		echo "== round $round $path"
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "X-API-Key: bench" \
			"http://127.0.0.1:$PORT$path" | grep -E "Requests/sec|50%|99%|Non-2xx"
	done
done

#!/usr/bin/env bash
# Where the request path's time goes: the sample app under wrk -t2 -c32 on one path
# (default /api/resource, limits raised as in http-cost.sh), a 30 s JFR recording with
# Java samples every millisecond and stacks 256 deep, then scripts/jfr-hot.py's tables:
# the shares of the limiter's parts, the top frames, our frames inclusive.
#
#   scripts/http-profile.sh sample-app/target/sample-app-*.jar [path] [app args...]
#   SECONDS_RECORDED=60 OUT=/tmp/profile scripts/http-profile.sh old.jar /api/ping
#
# Needs wrk, a redis-server (PATH, else the embedded-redis jar in ~/.m2), a JDK's jcmd
# and jfr, and python3 for the tables. JFR sees only threads running Java: kernel time
# (socket I/O, futex wake-ups of the thread hand-off) appears in http-cost.sh's sys
# column, not here.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:?sample jar}; PATH_UNDER_TEST=${2:-/api/resource}; shift $(( $# > 1 ? 2 : 1 ))
OUT=${OUT:-$(mktemp -d)}
SECONDS_RECORDED=${SECONDS_RECORDED:-30}
WARMUP=${WARMUP:-15}
mkdir -p "$OUT"
low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
REDIS_PORT=$((low / 2 + RANDOM % (low / 2))); APP_PORT=$((low / 2 + RANDOM % (low / 2)))
REDIS_BIN=$(command -v redis-server || true)
if [[ -z $REDIS_BIN ]]; then
	REDIS_BIN="$OUT/redis-server"
	unzip -p "$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar | tail -1)" \
		redis-server-6.2.6-v5-linux-amd64 >"$REDIS_BIN"
	chmod +x "$REDIS_BIN"
fi
"$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
cat >"$OUT/limits.yml" <<YML
ratelimit:
  redis: { timeout: 2s }
  tiers:
    free:
      limits:
        per-minute: { limit: 10000000, burst: 10000000 }
        per-day: { limit: 50000000 }
YML
JH=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed 's|<setting name="period" control="method-sampling-java-interval">10 ms</setting>|<setting name="period" control="method-sampling-java-interval">1 ms</setting>|' \
	"$JH/lib/jfr/profile.jfc" >"$OUT/dense.jfc"
java -XX:FlightRecorderOptions:stackdepth=256 -jar "$JAR" "$@" --server.port="$APP_PORT" \
	--logging.structured.format.console= --sample.embedded-redis.enabled=false --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
	--spring.config.additional-location="file:$OUT/limits.yml" >"$OUT/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID $REDIS_PID 2>/dev/null; wait 2>/dev/null' EXIT
for _ in $(seq 1 1200); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/api/ping" && break; sleep 0.5; done
URL="http://127.0.0.1:$APP_PORT$PATH_UNDER_TEST"
wrk -t1 -c1 -d2s -H X-API-Key:bench "$URL" >/dev/null
wrk -t2 -c32 -d"${WARMUP}s" -H X-API-Key:bench "$URL" >/dev/null
jcmd "$APP_PID" JFR.start name=http-profile settings="$OUT/dense.jfc" filename="$OUT/recording.jfr" >/dev/null
wrk -t2 -c32 -d"${SECONDS_RECORDED}s" -H X-API-Key:bench "$URL" >"$OUT/wrk.txt"
jcmd "$APP_PID" JFR.stop name=http-profile >/dev/null
jfr print --json --stack-depth 300 --events jdk.ExecutionSample "$OUT/recording.jfr" >"$OUT/samples.json"
echo "## JFR of $PATH_UNDER_TEST, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "jar: $JAR $*; $(grep -E 'requests in|Requests/sec' "$OUT/wrk.txt" | xargs); recording in $OUT"
python3 scripts/jfr-hot.py "$OUT/samples.json" 25 "$(awk '/requests in/ { print $1 }' "$OUT/wrk.txt")"

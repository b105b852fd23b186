#!/usr/bin/env bash
# CPU cost of a rate-limit decision over HTTP: the sample app under wrk, per request.
#
#   ./mvnw -q -pl sample-app -am package -DskipTests
#   scripts/http-cost.sh                               # the jar just built
#   scripts/http-cost.sh old.jar new.jar               # both, rounds interleaved
#   JARS="old.jar new.jar" DURATION=5 scripts/http-cost.sh
#   scripts/http-cost.sh new.jar "new.jar --management.observations.enable.lettuce=false"
#                                                      # an argument's further words go to the app
#
# Needs wrk (apt-get install -y wrk) and a redis-server: from PATH, else the binary is
# extracted from the embedded-redis jar in ~/.m2 or inside the sample jar, as the tests'
# RedisBinary does. Nothing else: Redis is spoken to over bash's /dev/tcp.
#
# Scenarios, each against the same app's /api/ping (unlimited) in the same round:
#   limited  /api/resource, tier 'free' (token bucket + fixed-window daily quota), one
#            API key, both limits raised so no request is ever denied;
#   many     the same, rotating over KEYS API keys listed in ratelimit.tiers.free.api-keys
#            (so they count by key whatever an ApiKeyVerifier would do with unknown keys);
#   lease    a second app instance whose 'free' limits both lease LEASE units, one key
#            (the daily quota becomes a second per-minute token bucket: only token
#            buckets lease);
#   inflight /api/export?ms=0, tier 'export': a concurrency limit (raised so no request
#            is denied): a permit taken before the handler and given back after it;
#   after    POST /api/complete?tokens=2, tier 'tokens' (raised likewise), charged one unit
#            before the handler and the second once the response is complete;
#   floor    /api/bench/floor (FloorController, on with sample.bench.floor): one bare
#            call of the limiter's script per request through Spring Data Redis, one
#            client's keys and arguments encoded once, no tier, identity or header: the
#            floor under 'limited', which the second table compares the others with.
# Per cell: throughput; the app JVM's user and sys CPU per request (/proc/<pid>/stat
# over the wrk run); Redis command time per request (INFO commandstats usec, every
# command but INFO); Redis process CPU per request (script, I/O and event loop);
# EVAL/EVALSHA calls per request; non-2xx responses; wrk's p50 and p99 latency (µs, in
# the table of every cell); and 'other', the cores that
# neither the app, Redis nor wrk used (other processes: noise). Warm-up first, then
# ROUNDS rounds, each one cell per scenario right after a ping cell; tables show the
# medians over rounds, the ratio being the median of per-round ratios.
#
# The same script measures the WebFlux sample: RESOURCE=/api/hello SCENARIOS="limited many"
# scripts/http-cost.sh sample-webflux/target/sample-webflux-0.1.0-SNAPSHOT.jar (the tiers of
# 'inflight' and 'after' are configured only when those scenarios run, as WebFlux refuses them).
#
# Any path is a scenario as well: 'path:/orders/1' measures that path with the same API key,
# and PING (/api/ping) names the unlimited path each cell is compared with; so a gateway's
# routes are measured side by side (scripts/gateway-cost.sh).
#
# Environment: RESOURCE (the limited path, /api/resource), PING (the unlimited path, /api/ping), DURATION (s per cell, 10), WARMUP (s per scenario, 30), ROUNDS (3),
# THREADS (2), CONNECTIONS (32), KEYS (10000), LEASE (1000), SCENARIOS
# ("limited many inflight after floor lease"), JAVA_OPTS, KEEP (a directory to keep logs and raw rows in).
# One jar with the defaults takes about 4.5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
KEYS=${KEYS:-10000}
LEASE=${LEASE:-1000}
SCENARIOS=${SCENARIOS:-limited many inflight after floor lease}
RESOURCE=${RESOURCE:-/api/resource}
PING=${PING:-/api/ping}
JAVA_OPTS=${JAVA_OPTS:-}
if [[ $# -gt 0 ]]; then
	JARS=("$@")
elif [[ -n ${JARS:-} ]]; then
	read -r -a JARS <<<"$JARS"
else
	JARS=($(ls sample-app/target/sample-app-*.jar 2>/dev/null | grep -v -- '-plain' | head -1))
fi
[[ ${#JARS[@]} -gt 0 && -f ${JARS[0]%% *} ]] || { echo "no sample jar: build it or pass its path" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 2; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP" && cp -r "$WORK"/. "$KEEP"/; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
TICKS=$(getconf CLK_TCK)

# Below the kernel's ephemeral range, so no outgoing connection takes it meanwhile.
free_port() {
	local port low
	low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
	while :; do
		port=$((low / 2 + RANDOM % (low / 2)))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
	done
}

# ---- Redis ---------------------------------------------------------------------------
redis_binary() {
	if command -v redis-server >/dev/null; then command -v redis-server; return; fi
	local name=redis-server-6.2.6-v5-linux-amd64 jar
	[[ $(uname -m) == aarch64 ]] && name=redis-server-6.2.7-linux-arm64
	jar=$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | tail -1)
	if [[ -z $jar ]]; then
		jar="$WORK/embedded-redis.jar"
		unzip -p "${JARS[0]%% *}" 'BOOT-INF/lib/embedded-redis-*.jar' >"$jar"
	fi
	unzip -p "$jar" "$name" >"$WORK/redis-server"
	chmod +x "$WORK/redis-server"
	echo "$WORK/redis-server"
}

# One RESP command, its reply on stdout (bulk strings unwrapped).
redis() {
	local line length
	exec 5<>"/dev/tcp/127.0.0.1/$REDIS_PORT"
	local command="*$#\r\n" arg
	for arg in "$@"; do command+="\$${#arg}\r\n$arg\r\n"; done
	printf "$command" >&5
	IFS= read -r line <&5
	line=${line%$'\r'}
	if [[ $line == \$* ]]; then
		length=${line#\$}
		head -c "$length" <&5
	else
		echo "${line#?}"
	fi
	exec 5>&-
}

REDIS_BIN=$(redis_binary)
REDIS_PORT=$(free_port)
"$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --databases 16 \
	>"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for _ in $(seq 1 50); do [[ $(redis PING 2>/dev/null) == PONG* ]] && break; sleep 0.1; done
REDIS_VERSION=$(redis INFO server | tr -d '\r' | awk -F: '/^redis_version/ { print $2 }')

# ---- Configuration -------------------------------------------------------------------
{
	echo "ratelimit:"
	echo "  redis: { timeout: 2s }"
	echo "  tiers:"
	echo "    free:"
	echo "      limits:"
	echo "        per-minute: { limit: 10000000, burst: 10000000 }"
	echo "        per-day: { limit: 50000000, period: 1d, algorithm: fixed-window }"
	echo "      api-keys:"
	for i in $(seq 1 "$KEYS"); do printf '        - bench-%05d\n' "$i"; done
	if [[ " $SCENARIOS " == *" inflight "* ]]; then
		echo "    export:"
		echo "      limits:"
		echo "        in-flight: { concurrent: 10000 }"
	fi
	if [[ " $SCENARIOS " == *" after "* ]]; then
		echo "    tokens:"
		echo "      cost-from-result: tokens"
		echo "      limits:"
		echo "        per-minute: { limit: 10000000, burst: 10000000 }"
	fi
} >"$WORK/limited.yml"
cat >"$WORK/post.lua" <<'LUA'
wrk.method = "POST"
LUA
{
	echo "ratelimit:"
	echo "  redis: { timeout: 2s }"
	echo "  tiers:"
	echo "    free:"
	echo "      limits:"
	echo "        per-minute: { limit: 10000000, burst: 10000000, lease: $LEASE }"
	echo "        per-day: { limit: 10000000, period: 1m, algorithm: token-bucket, lease: $LEASE }"
} >"$WORK/lease.yml"
cat >"$WORK/keys.lua" <<'LUA'
-- Rotates over the API keys bench-00001..bench-N; each wrk thread starts elsewhere.
local n = tonumber(os.getenv("HTTP_COST_KEYS")) or 10000
local threads = 0
function setup(thread)
	threads = threads + 1
	thread:set("offset", threads * 4999)
end
local requests = {}
local index = 1
function init(args)
	for i = 1, n do
		requests[i] = wrk.format("GET", wrk.path, { ["X-API-Key"] = string.format("bench-%05d", i) })
	end
	index = (tonumber(offset) or 0) % n + 1
end
function request()
	local r = requests[index]
	index = index % n + 1
	return r
end
LUA

# ---- Apps ----------------------------------------------------------------------------
# start_app "<jar> [app args]" <config> <database>: sets APP_PID and APP_PORT
start_app() {
	local jar=${1%% *} args=() config=$2 database=$3
	[[ $1 == *" "* ]] && read -r -a args <<<"${1#* }"
	APP_PORT=$(free_port)
	java $JAVA_OPTS -jar "$jar" "${args[@]}" --server.port="$APP_PORT" --logging.structured.format.console= \
		--sample.embedded-redis.enabled=false --sample.bench.floor=true --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT" \
		--spring.data.redis.database="$database" \
		--spring.config.additional-location="file:$config" \
		>"$WORK/app-$database-$(basename "$config" .yml).log" 2>&1 &
	APP_PID=$!
}

await_app() {
	local port=$1 pid=$2
	# up to 10 minutes: a loaded 2-core machine has taken more than 3 to start one
	for _ in $(seq 1 1200); do
		if curl -sf -o /dev/null "http://127.0.0.1:$port$PING"; then return; fi
		kill -0 "$pid" 2>/dev/null || { echo "app on port $port died; log:" >&2; tail -n 30 "$WORK"/app-*.log >&2; exit 1; }
		sleep 0.5
	done
	echo "app on port $port did not start" >&2
	exit 1
}

cpu_of() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
redis_stats() {
	redis INFO commandstats | tr -d '\r' | awk -F'[:,=]' '
		/^cmdstat_/ && $1 != "cmdstat_info" { usec += $5 }
		$1 == "cmdstat_evalsha" || $1 == "cmdstat_eval" { calls += $3 }
		END { printf "%d %d\n", usec, calls }'
}

# wrk_args <scenario> <port>
wrk_args() {
	case $1 in
		ping) echo "-H X-API-Key:bench http://127.0.0.1:$2$PING" ;;
		limited | lease) echo "-H X-API-Key:bench http://127.0.0.1:$2$RESOURCE" ;;
		many) echo "-s $WORK/keys.lua http://127.0.0.1:$2$RESOURCE" ;;
		inflight) echo "-H X-API-Key:bench http://127.0.0.1:$2/api/export?ms=0" ;;
		after) echo "-s $WORK/post.lua -H X-API-Key:bench http://127.0.0.1:$2/api/complete?tokens=2" ;;
		floor) echo "-H X-API-Key:bench http://127.0.0.1:$2/api/bench/floor" ;;
		path:*) echo "-H X-API-Key:bench http://127.0.0.1:$2${1#path:}" ;;
	esac
}

# cell <label> <round> <scenario> <pid> <port> <seconds>: appends one row to rows.tsv
cell() {
	local label=$1 round=$2 scenario=$3 pid=$4 port=$5 seconds=$6 tag=$3
	[[ $scenario == ping && ${7:-limited} != limited ]] && tag="ping ($7 app)"
	local app0 app1 redis0 redis1 rcpu0 rcpu1 busy0 busy1 out times
	app0=$(cpu_of "$pid"); rcpu0=$(cpu_of "$REDIS_PID"); redis0=$(redis_stats); busy0=$(machine_busy)
	out="$WORK/wrk.out"
	{ TIMEFORMAT='%U %S'; time HTTP_COST_KEYS=$KEYS wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" \
		$(wrk_args "$scenario" "$port") >"$out"; } 2>"$WORK/wrk.time"
	busy1=$(machine_busy); redis1=$(redis_stats); rcpu1=$(cpu_of "$REDIS_PID"); app1=$(cpu_of "$pid")
	times=$(tail -1 "$WORK/wrk.time")
	awk -v label="$label" -v round="$round" -v scenario="$tag" -v ticks="$TICKS" -v seconds="$seconds" \
		-v app0="$app0" -v app1="$app1" -v rcpu0="$rcpu0" -v rcpu1="$rcpu1" -v redis0="$redis0" \
		-v redis1="$redis1" -v busy0="$busy0" -v busy1="$busy1" -v wrktime="$times" '
		/requests in/ { requests = $1 }
		/Requests\/sec/ { rps = $2 }
		/Non-2xx/ { non2xx = $NF }
		/Socket errors/ { errors = $0 }
		/^ +50%/ { p50 = micros($2) }
		/^ +99%/ { p99 = micros($2) }
		function micros(text) {
			if (text ~ /us$/) return text + 0
			if (text ~ /ms$/) return text * 1000
			return text * 1e6
		}
		END {
			split(app0, a0, " "); split(app1, a1, " ")
			split(rcpu0, r0, " "); split(rcpu1, r1, " ")
			split(redis0, s0, " "); split(redis1, s1, " ")
			split(wrktime, w, " ")
			us = 1e6 / ticks / requests
			user = (a1[1] - a0[1]) * us; sys = (a1[2] - a0[2]) * us
			redisCpu = (r1[1] + r1[2] - r0[1] - r0[2]) * us
			redisCmd = (s1[1] - s0[1]) / requests
			calls = (s1[2] - s0[2]) / requests
			appTicks = a1[1] + a1[2] - a0[1] - a0[2]; redisTicks = r1[1] + r1[2] - r0[1] - r0[2]
			other = ((busy1 - busy0) - appTicks - redisTicks - (w[1] + w[2]) * ticks) / ticks / seconds
			if (other < 0) other = 0
			printf "%s\t%s\t%s\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.4f\t%d\t%.2f\t%s\t%.0f\t%.0f\n", label, round, scenario, rps,
				user, sys, redisCmd, redisCpu, calls, non2xx + 0, other, requests, p50, p99
		}' "$out" >>"$WORK/rows.tsv"
	if grep -q "Socket errors" "$out"; then echo "  ($label $scenario: $(grep 'Socket errors' "$out" | xargs))" >&2; fi
}

# ---- Run -----------------------------------------------------------------------------
: >"$WORK/rows.tsv"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
run_phase() {
	local config=$1; shift
	local scenarios=("$@") apps=() i pid port round scenario
	for i in "${!JARS[@]}"; do
		start_app "${JARS[$i]}" "$WORK/$config.yml" "$i"
		PIDS+=("$APP_PID")
		apps+=("$APP_PID $APP_PORT")
	done
	for i in "${!apps[@]}"; do read -r pid port <<<"${apps[$i]}"; await_app "$port" "$pid"; done
	for i in "${!apps[@]}"; do
		read -r pid port <<<"${apps[$i]}"
		echo "warm-up: jar $((i + 1)), ping ${scenarios[*]}, ${WARMUP}s each" >&2
		for scenario in ping "${scenarios[@]}"; do
			# one connection first, so that a cold JVM does not trip the breaker
			HTTP_COST_KEYS=$KEYS wrk -t1 -c1 -d2s $(wrk_args "$scenario" "$port") >/dev/null
			HTTP_COST_KEYS=$KEYS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" $(wrk_args "$scenario" "$port") \
				>/dev/null
		done
	done
	for round in $(seq 1 "$ROUNDS"); do
		for i in "${!apps[@]}"; do
			read -r pid port <<<"${apps[$i]}"
			echo "round $round: jar $((i + 1)), ping ${scenarios[*]}" >&2
			for scenario in "${scenarios[@]}"; do
				cell "$((i + 1))" "$round" ping "$pid" "$port" "$DURATION" "$config"
				cell "$((i + 1))" "$round" "$scenario" "$pid" "$port" "$DURATION"
			done
		done
	done
	for i in "${!apps[@]}"; do
		read -r pid port <<<"${apps[$i]}"
		kill "$pid"; wait "$pid" 2>/dev/null || true
	done
	KEYSPACE+="$config: $(redis INFO keyspace | tr -d '\r' | { grep '^db' || echo none; } | cut -d, -f1 | xargs); "
	redis FLUSHALL >/dev/null
}
KEYSPACE=""
PHASE1=()
for scenario in $SCENARIOS; do [[ $scenario != lease ]] && PHASE1+=("$scenario"); done
[[ ${#PHASE1[@]} -gt 0 ]] && run_phase limited "${PHASE1[@]}"
[[ " $SCENARIOS " == *" lease "* ]] && run_phase lease lease
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- Report --------------------------------------------------------------------------
echo "## scripts/http-cost.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(( $(date +%s) - START )) s"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Linux $(uname -r);" \
	"load average $LOAD_START at the start, $LOAD_END at the end"
echo "- $(java -version 2>&1 | head -1); Redis $REDIS_VERSION ($REDIS_BIN)"
echo "- wrk -t$THREADS -c$CONNECTIONS, ${WARMUP}s warm-up per scenario, $ROUNDS rounds of ${DURATION}s cells," \
	"ping right before each scenario; $KEYS keys; lease $LEASE"
for i in "${!JARS[@]}"; do echo "- jar $((i + 1)): ${JARS[$i]} (Redis database $i)"; done
echo "- Redis keys after each phase (a bucket this large refills, and so expires, within milliseconds): $KEYSPACE"
echo
echo "Medians over rounds. JVM and Redis figures are µs of CPU per request; 'added' is the"
echo "JVM's user + sys above the same round's ping; 'other' is cores busy outside app, Redis and wrk."
echo
echo "| jar | scenario | req/s | ratio to ping | JVM user | JVM sys | JVM added | Redis cmd | Redis CPU | scripts/req | non-2xx | other cores |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '
	function median(list,   n, values, i, j, t) {
		n = split(list, values, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] + 0 < values[i] + 0) { t = values[i]; values[i] = values[j]; values[j] = t }
		return (n % 2) ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
	}
	{
		if ($3 ~ /^ping/) { pingRps = $4; pingCpu = $5 + $6 }
		else { ratio[$1, $3] = ratio[$1, $3] " " ($4 / pingRps); added[$1, $3] = added[$1, $3] " " ($5 + $6 - pingCpu) }
		key = $1 SUBSEP $3
		if (!(key in seen)) { seen[key] = 1; order[++count] = key }
		rps[key] = rps[key] " " $4; user[key] = user[key] " " $5; sys[key] = sys[key] " " $6
		cmd[key] = cmd[key] " " $7; rcpu[key] = rcpu[key] " " $8; calls[key] = calls[key] " " $9
		non2xx[key] += $10; other[key] = other[key] " " $11
	}
	END {
		for (k = 1; k <= count; k++) {
			key = order[k]; split(key, parts, SUBSEP)
			r = (parts[2] ~ /^ping/) ? "1" : sprintf("%.2f", median(ratio[key]))
			a = (parts[2] ~ /^ping/) ? "" : sprintf("%+.1f", median(added[key]))
			printf "| %s | %s | %d | %s | %.1f | %.1f | %s | %.1f | %.1f | %.4f | %d | %.2f |\n", parts[1], parts[2],
				median(rps[key]), r, median(user[key]), median(sys[key]), a, median(cmd[key]), median(rcpu[key]),
				median(calls[key]), non2xx[key], median(other[key])
		}
	}' "$WORK/rows.tsv"
if [[ " $SCENARIOS " == *" floor "* ]]; then
	echo
	echo "Against the floor, same jar and round: the throughput ratio (median of per-round ratios)"
	echo "and the JVM's user + sys µs per request above the floor's (median of per-round differences)."
	echo
	echo "| jar | scenario | ratio to floor | JVM µs above floor |"
	echo "|---|---|---:|---:|"
	awk -F'\t' '
		function median(list,   n, values, i, j, t) {
			n = split(list, values, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] + 0 < values[i] + 0) { t = values[i]; values[i] = values[j]; values[j] = t }
			return (n % 2) ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
		}
		$3 == "floor" { floorRps[$1, $2] = $4; floorCpu[$1, $2] = $5 + $6 }
		$3 !~ /^ping/ && $3 != "floor" && $3 != "lease" { row[++n] = $0 }
		END {
			for (i = 1; i <= n; i++) {
				split(row[i], f, "\t")
				if (!(( f[1], f[2]) in floorRps)) continue
				key = f[1] SUBSEP f[3]
				if (!(key in seen)) { seen[key] = 1; order[++count] = key }
				ratio[key] = ratio[key] " " (f[4] / floorRps[f[1], f[2]])
				above[key] = above[key] " " (f[5] + f[6] - floorCpu[f[1], f[2]])
			}
			for (k = 1; k <= count; k++) {
				split(order[k], parts, SUBSEP)
				printf "| %s | %s | %.2f | %+.1f |\n", parts[1], parts[2], median(ratio[order[k]]), median(above[order[k]])
			}
		}' "$WORK/rows.tsv"
fi
awk -F'\t' '$3 !~ /^ping/ && $3 != "lease" && $3 != "floor" && $9 < 0.99 { bad = 1 }
	END { if (bad) print "\n**Warning:** some cells made fewer script calls than requests: the breaker or a timeout answered them (see the app log with KEEP=dir)." }' \
	"$WORK/rows.tsv"
echo
echo "<details><summary>every cell</summary>"
echo
echo "| jar | round | scenario | req/s | JVM user | JVM sys | Redis cmd | Redis CPU | scripts/req | non-2xx | other cores | requests | p50 µs | p99 µs |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 }' \
	"$WORK/rows.tsv"
echo
echo "</details>"

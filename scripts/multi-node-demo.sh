#!/usr/bin/env bash
# Proves, without Docker, that the Redis backend limits one client across several
# nodes while the local backend does not. It starts one redis-server, three sample-app
# nodes on free loopback ports and a round-robin front (nginx when installed, otherwise
# a small Java proxy), then sends one client's requests through the front twice: once
# with every node on ratelimit.backend=local, once with ratelimit.backend=redis. It
# prints the admitted counts against the ceiling of one shared token bucket,
# burst + rate x elapsed, draws them, and stops everything it started.
#
#   scripts/multi-node-demo.sh
#   REQUESTS=600 PACE=40 FRONT=java scripts/multi-node-demo.sh
#
# Settings (environment variables):
#   NODES=3            sample-app nodes behind the front
#   REQUESTS=300       requests sent per run
#   PACE=20            requests per second through the front; 0 sends as fast as possible
#   LIMIT=60           tokens per period of the free tier's per-minute limit
#   PERIOD_SECONDS=60  its period
#   BURST=20           its bucket size
#   REDIS_TIMEOUT=1s   each node's ratelimit.redis.timeout: generous, so that a busy
#                      machine cannot turn decisions fail-open and blur the count
#   FRONT=auto         nginx, java, or auto (nginx when on PATH)
#   OUT_DIR=target/multi-node-demo   logs, CSV of every request, chart
#   MVN_ARGS=          extra Maven arguments if the jar must be built, such as -o
#
# Needs bash, a JDK 17+ and unzip or jar. redis-server comes from PATH, else from the
# embedded-redis jar inside the sample-app jar.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# single-file programs, compiled with the benchmarks module so that they cannot rot
PROGRAMS="$ROOT/benchmarks/src/main/java/dev/ratelimit/benchmarks/multinode"
NODES=${NODES:-3}
REQUESTS=${REQUESTS:-300}
PACE=${PACE:-20}
LIMIT=${LIMIT:-60}
PERIOD_SECONDS=${PERIOD_SECONDS:-60}
BURST=${BURST:-20}
REDIS_TIMEOUT=${REDIS_TIMEOUT:-1s}
FRONT=${FRONT:-auto}
OUT_DIR=${OUT_DIR:-$ROOT/target/multi-node-demo}
MVN_ARGS=${MVN_ARGS:-}

STARTED_PIDS=()
NODE_PIDS=()
NODE_PORTS=()
CLAIMED_PORTS=" "
WORK=""

log() {
	printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"
}

die() {
	log "error: $*" >&2
	exit 1
}

stop_pids() {
	local pid waited
	for pid in "$@"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "$@"; do
		waited=0
		while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
			sleep 0.1
			waited=$((waited + 1))
		done
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if [ ${#STARTED_PIDS[@]} -gt 0 ]; then
		log "stopping ${#STARTED_PIDS[@]} processes started by this script"
		stop_pids "${STARTED_PIDS[@]}"
	fi
	[ -n "$WORK" ] && rm -rf "$WORK"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# sets FREE_PORT to a loopback port nobody listens on, below the Linux ephemeral range
claim_free_port() {
	local port
	while :; do
		port=$((15000 + RANDOM % 17000))
		if [[ "$CLAIMED_PORTS" != *" $port "* ]] && ! port_in_use "$port"; then
			CLAIMED_PORTS="$CLAIMED_PORTS$port "
			FREE_PORT=$port
			return
		fi
	done
}

# prints the entries of a zip file, with unzip or the JDK's jar tool
zip_list() {
	if command -v unzip >/dev/null; then unzip -Z1 "$1"; else jar tf "$1"; fi
}

# extracts one entry of a zip file to a destination file
zip_extract() {
	if command -v unzip >/dev/null; then
		unzip -p "$1" "$2" >"$3"
	else
		(cd "$WORK" && jar xf "$1" "$2" && mv "$WORK/$2" "$3")
	fi
}

find_jar() {
	JAR=$(ls "$ROOT"/sample-app/target/sample-app-*.jar 2>/dev/null | head -1 || true)
	if [ -z "$JAR" ]; then
		log "building the sample app (./mvnw package -pl sample-app -am)"
		# shellcheck disable=SC2086
		(cd "$ROOT" && ./mvnw -q $MVN_ARGS -pl sample-app -am package -DskipTests)
		JAR=$(ls "$ROOT"/sample-app/target/sample-app-*.jar | head -1)
	fi
	log "sample app: $JAR"
}

find_redis() {
	if command -v redis-server >/dev/null; then
		REDIS_BIN=$(command -v redis-server)
		return
	fi
	local entry nested
	case "$(uname -s)-$(uname -m)" in
		Linux-x86_64) entry=redis-server-6.2.6-v5-linux-amd64 ;;
		Linux-aarch64 | Linux-arm64) entry=redis-server-6.2.7-linux-arm64 ;;
		Darwin-x86_64) entry=redis-server-6.2.6-v5-darwin-amd64 ;;
		Darwin-arm64) entry=redis-server-6.2.6-v5-darwin-arm64 ;;
		*) die "no redis-server on PATH and no embedded one for $(uname -sm)" ;;
	esac
	# the sample jar bundles embedded-redis, which bundles redis-server binaries
	nested=$(zip_list "$JAR" | grep '^BOOT-INF/lib/embedded-redis-.*\.jar$' | head -1)
	[ -n "$nested" ] || die "no redis-server on PATH and no embedded-redis in $JAR"
	zip_extract "$JAR" "$nested" "$WORK/embedded-redis.jar"
	zip_extract "$WORK/embedded-redis.jar" "$entry" "$WORK/redis-server"
	chmod +x "$WORK/redis-server"
	REDIS_BIN="$WORK/redis-server"
}

start_redis() {
	find_redis
	claim_free_port
	REDIS_PORT=$FREE_PORT
	"$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
		>"$OUT_DIR/logs/redis.log" 2>&1 &
	STARTED_PIDS+=($!)
	wait_for_port "$REDIS_PORT" "$!" "redis-server"
	log "redis-server ($REDIS_BIN) on 127.0.0.1:$REDIS_PORT"
}

wait_for_port() {
	local port=$1 pid=$2 what=$3 tries=0
	until port_in_use "$port"; do
		kill -0 "$pid" 2>/dev/null || die "$what exited; see $OUT_DIR/logs"
		[ "$tries" -lt 300 ] || die "$what not listening on $port after 30 s"
		tries=$((tries + 1))
		sleep 0.1
	done
}

start_front() {
	claim_free_port
	FRONT_PORT=$FREE_PORT
	if [ "$FRONT" = "nginx" ] || { [ "$FRONT" = "auto" ] && command -v nginx >/dev/null; }; then
		start_nginx
	else
		local backends=() port
		for port in "${NODE_PORTS[@]}"; do
			backends+=("127.0.0.1:$port")
		done
		java "$PROGRAMS/RoundRobinProxy.java" "$FRONT_PORT" "${backends[@]}" >"$OUT_DIR/logs/proxy.log" 2>&1 &
		STARTED_PIDS+=($!)
		wait_for_port "$FRONT_PORT" "$!" "round-robin proxy"
		log "front: Java round-robin proxy (benchmarks/.../multinode/RoundRobinProxy.java) on 127.0.0.1:$FRONT_PORT"
	fi
}

start_nginx() {
	local dir="$WORK/nginx" port
	mkdir -p "$dir/temp"
	{
		echo "worker_processes 1;"
		echo "pid $dir/nginx.pid;"
		echo "error_log $OUT_DIR/logs/nginx-error.log warn;"
		echo "events { worker_connections 256; }"
		echo "http {"
		echo "  access_log off;"
		for temp in client_body proxy fastcgi uwsgi scgi; do
			echo "  ${temp}_temp_path $dir/temp/$temp;"
		done
		echo "  upstream sample-app {"
		for port in "${NODE_PORTS[@]}"; do
			echo "    server 127.0.0.1:$port;"
		done
		echo "  }"
		echo "  server {"
		echo "    listen 127.0.0.1:$FRONT_PORT;"
		echo "    location / {"
		echo "      proxy_pass http://sample-app;"
		echo "      proxy_set_header Host \$host;"
		echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
		echo "      proxy_next_upstream error timeout;"
		echo "    }"
		echo "  }"
		echo "}"
	} >"$dir/nginx.conf"
	nginx -p "$dir" -c "$dir/nginx.conf" -e "$OUT_DIR/logs/nginx-error.log" -g "daemon off;" \
		>"$OUT_DIR/logs/nginx.log" 2>&1 &
	STARTED_PIDS+=($!)
	wait_for_port "$FRONT_PORT" "$!" "nginx"
	log "front: nginx ($(command -v nginx)) on 127.0.0.1:$FRONT_PORT"
}

start_nodes() {
	local backend=$1 i pid
	NODE_PIDS=()
	# a fresh client per run: its API key is listed on the free plan, since unlisted keys
	# are counted by address and would share one bucket across runs
	DEMO_KEY="demo-$backend-$(date +%s%N)"
	for i in $(seq 1 "$NODES"); do
		java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" \
			--server.port="${NODE_PORTS[$((i - 1))]}" --sample.node="node-$i" \
			--sample.embedded-redis.enabled=false --spring.data.redis.host=127.0.0.1 \
			--spring.data.redis.port="$REDIS_PORT" \
			--ratelimit.backend="$backend" --ratelimit.redis.timeout="$REDIS_TIMEOUT" \
			--ratelimit.tiers.free.limits.per-minute.limit="$LIMIT" \
			--ratelimit.tiers.free.limits.per-minute.period="${PERIOD_SECONDS}s" \
			--ratelimit.tiers.free.limits.per-minute.burst="$BURST" \
			--ratelimit.tiers.free.api-keys="$DEMO_KEY" \
			--spring.main.banner-mode=off \
			>"$OUT_DIR/logs/$backend-node-$i.log" 2>&1 &
		STARTED_PIDS+=($!)
		NODE_PIDS+=($!)
	done
	log "starting $NODES nodes with ratelimit.backend=$backend on ports ${NODE_PORTS[*]}"
	for i in $(seq 1 "$NODES"); do
		pid=${NODE_PIDS[$((i - 1))]}
		local tries=0
		until grep -q "Started SampleApplication" "$OUT_DIR/logs/$backend-node-$i.log"; do
			kill -0 "$pid" 2>/dev/null || die "node $i exited; see $OUT_DIR/logs/$backend-node-$i.log"
			[ "$tries" -lt 1800 ] || die "node $i not started after 180 s"
			tries=$((tries + 1))
			sleep 0.1
		done
	done
	log "$NODES nodes up"
}

stop_nodes() {
	stop_pids "${NODE_PIDS[@]}"
	local remaining=() pid node
	for pid in "${STARTED_PIDS[@]}"; do
		for node in "${NODE_PIDS[@]}"; do
			[ "$pid" = "$node" ] && continue 2
		done
		remaining+=("$pid")
	done
	STARTED_PIDS=("${remaining[@]}")
	NODE_PIDS=()
}

run_backend() {
	local backend=$1
	start_nodes "$backend"
	log "sending $REQUESTS requests of one client at $PACE/s through the front (backend=$backend)"
	java "$PROGRAMS/AdmissionRun.java" --url="http://127.0.0.1:$FRONT_PORT/api/resource" \
		--backend="$backend" --api-key="$DEMO_KEY" --requests="$REQUESTS" --pace="$PACE" --burst="$BURST" \
		--limit="$LIMIT" \
		--period-seconds="$PERIOD_SECONDS" --csv="$OUT_DIR/$backend.csv" | tee "$OUT_DIR/$backend.txt" \
		|| true
	stop_nodes
}

result() {
	grep '^RESULT' "$OUT_DIR/$1.txt" | tr ' ' '\n' | grep "^$2=" | cut -d= -f2
}

summary() {
	echo
	echo "Summary: $NODES nodes, free tier limit=$LIMIT per ${PERIOD_SECONDS}s, burst=$BURST, $REQUESTS requests at $PACE/s"
	printf '  %-8s %9s %9s %11s %22s %8s %8s\n' backend requests admitted "elapsed(s)" "burst+rate*elapsed" ratio verdict
	local backend
	for backend in local redis; do
		printf '  %-8s %9s %9s %11s %22s %8s %8s\n' "$backend" "$(result "$backend" requests)" \
			"$(result "$backend" admitted)" "$(result "$backend" elapsed_s)" "$(result "$backend" bound)" \
			"$(result "$backend" ratio)" "$(result "$backend" verdict)"
	done
	echo "  local PASS = admitted above the one-bucket ceiling (each node has its own bucket)"
	echo "  redis PASS = burst <= admitted <= burst + rate*elapsed (one bucket for all nodes)"
}

main() {
	if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
		sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 0
	fi
	command -v java >/dev/null || die "java is required"
	mkdir -p "$OUT_DIR/logs"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/multi-node-demo.XXXXXX")
	find_jar
	start_redis
	local i
	for i in $(seq 1 "$NODES"); do
		claim_free_port
		NODE_PORTS+=("$FREE_PORT")
	done
	start_front
	run_backend local
	run_backend redis
	summary
	java -Djava.awt.headless=true "$PROGRAMS/AdmissionChart.java" --local="$OUT_DIR/local.csv" \
		--redis="$OUT_DIR/redis.csv" --burst="$BURST" --limit="$LIMIT" --period-seconds="$PERIOD_SECONDS" \
		--nodes="$NODES" --out="$OUT_DIR/admitted.png"
	[ "$(result local verdict)" = "PASS" ] && [ "$(result redis verdict)" = "PASS" ]
}

main "$@"

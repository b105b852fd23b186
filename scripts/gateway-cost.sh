#!/usr/bin/env bash
# Cost of rate limiting at a reactive gateway (sample-gateway-webflux), four routes side by
# side in the same run, measured by scripts/http-cost.sh (wrk; the gateway JVM's CPU per
# request from /proc/<pid>/stat; Redis command time per request from INFO commandstats;
# interleaved rounds, medians; each cell right after a cell of the unlimited route):
#
#   /open/**    no limit: the route every other is compared with ('ping' in the tables);
#   /rl/**      the starter's RateLimit=free filter;
#   /kept/**    Spring Cloud Gateway's RequestRateLimiter with the starter's TierRateLimiter,
#               tier 'free', key-resolver #{@callerKeyResolver};
#   /theirs/**  RequestRateLimiter with the gateway's own RedisRateLimiter (a bucket never
#               empty), key-resolver #{@callerKeyResolver} as well.
#
# Every route goes to the sample's own backend, in the same JVM, so each request is served
# twice by it (gateway and backend); the ratios and the µs added above /open say what the
# limit costs. Tier 'free' is raised so no request is denied.
#
#   ./mvnw -q -pl sample-gateway-webflux -am package -DskipTests
#   scripts/gateway-cost.sh                         # the jar just built
#   DURATION=5 ROUNDS=3 scripts/gateway-cost.sh path/to/sample-gateway-webflux.jar
#
# Environment: as scripts/http-cost.sh (DURATION, WARMUP, ROUNDS, THREADS, CONNECTIONS, KEEP).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=${1:-$(ls sample-gateway-webflux/target/sample-gateway-webflux-*.jar 2>/dev/null | grep -v -- '-plain' | head -1)}
[[ -n $JAR && -f $JAR ]] || { echo "no sample-gateway-webflux jar: build it or pass its path" >&2; exit 2; }

ROUTES=$(mktemp --suffix=.yml)
trap 'rm -f "$ROUTES"' EXIT
cat >"$ROUTES" <<'YAML'
spring:
  cloud:
    gateway:
      server:
        webflux:
          routes:
            - id: open
              uri: ${sample.backend-uri}
              predicates: [ "Path=/open/**" ]
              filters: [ "PrefixPath=/backend" ]
            - id: rl
              uri: ${sample.backend-uri}
              predicates: [ "Path=/rl/**" ]
              filters: [ "RateLimit=free", "PrefixPath=/backend" ]
            - id: kept
              uri: ${sample.backend-uri}
              predicates: [ "Path=/kept/**" ]
              filters:
                - name: RequestRateLimiter
                  args:
                    rate-limiter: "#{@tierRateLimiter}"
                    key-resolver: "#{@callerKeyResolver}"
                    tier-rate-limiter.tier: free
                - PrefixPath=/backend
            - id: theirs
              uri: ${sample.backend-uri}
              predicates: [ "Path=/theirs/**" ]
              filters:
                - name: RequestRateLimiter
                  args:
                    key-resolver: "#{@callerKeyResolver}"
                    redis-rate-limiter.replenishRate: 10000000
                    redis-rate-limiter.burstCapacity: 10000000
                - PrefixPath=/backend
YAML

PING=/open/x SCENARIOS="path:/rl/x path:/kept/x path:/theirs/x" KEYS=${KEYS:-1} \
	scripts/http-cost.sh "$JAR --spring.config.import=file:$ROUTES"

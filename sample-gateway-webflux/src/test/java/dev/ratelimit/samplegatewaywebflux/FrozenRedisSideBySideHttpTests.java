package dev.ratelimit.samplegatewaywebflux;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.Http;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.ratelimit.testsupport.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reactive gateway, Redis frozen with {@code SIGSTOP}: the route limited by Spring
 * Cloud Gateway's own {@code RedisRateLimiter} admits every request, its client's budget
 * spent or not, with {@code X-RateLimit-Remaining: -1}; the routes limited by the starter
 * follow their tier's failure policy, through the {@code RateLimit} filter (503 and its
 * problem body) and through {@code RequestRateLimiter} with the {@code TierRateLimiter}
 * (the filter's 429 with {@code Retry-After}) alike: a tier failing closed admits
 * nothing, a tier on the local fallback exactly the node's share.
 */
class FrozenRedisSideBySideHttpTests {

	static final String[] ROUTES = { "theirs", "closed", "kept-closed", "local", "kept-local" };

	static RedisProcess redis;

	static ConfigurableApplicationContext gateway;

	static int port;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		port = FreePorts.any();
		List<String> args = GatewayRoutes.onRedis(port, redis);
		args.addAll(List.of(
				// what an application sets for its Redis commands, the gateway's included
				"--spring.data.redis.timeout=1s", "--spring.data.redis.connect-timeout=200ms",
				"--ratelimit.redis.timeout=100ms", "--ratelimit.circuit-breaker.wait-in-open-state=30s",
				"--ratelimit.fallback.expected-nodes=2", "--ratelimit.tiers.closed.limits.per-hour.limit=3",
				"--ratelimit.tiers.closed.limits.per-hour.period=1h",
				"--ratelimit.tiers.closed.failure-policy=fail-closed",
				"--ratelimit.tiers.local.limits.per-hour.limit=10", "--ratelimit.tiers.local.limits.per-hour.period=1h",
				"--ratelimit.tiers.local.failure-policy=local", "--ratelimit.tiers.kept-local.limits.per-hour.limit=10",
				"--ratelimit.tiers.kept-local.limits.per-hour.period=1h",
				"--ratelimit.tiers.kept-local.failure-policy=local"));
		args.addAll(new GatewayRoutes()
			// one request a minute: 60 tokens a request, one a second, a bucket of 60
			.route("theirs", "RequestRateLimiter", "redis-rate-limiter.replenishRate", "1",
					"redis-rate-limiter.burstCapacity", "60", "redis-rate-limiter.requestedTokens", "60",
					"key-resolver", "#{@callerKeyResolver}")
			.route("closed", "RateLimit=closed")
			.tierRateLimiter("kept-closed", "callerKeyResolver", "closed")
			.route("local", "RateLimit=local")
			.tierRateLimiter("kept-local", "callerKeyResolver", "kept-local")
			.args());
		gateway = new SpringApplicationBuilder(GatewayWebFluxSampleApplication.class).run(args.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		redis.resume();
		gateway.close();
		redis.close();
	}

	@Test
	void frozenRedisTheirsAdmitsEverythingSilentlyOursFollowsEachTiersPolicy() {
		// Redis answering: theirs limits too, one request a minute
		assertThat(Http.get(port, "/theirs/a").statusCode()).isEqualTo(200);
		assertThat(Http.get(port, "/theirs/a").statusCode()).isEqualTo(429);
		assertThat(Http.get(port, "/closed/a").statusCode()).isEqualTo(200);

		redis.pause();
		Map<String, List<HttpResponse<String>>> responses = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			for (String route : ROUTES) {
				responses.computeIfAbsent(route, (r) -> new ArrayList<>()).add(Http.get(port, "/" + route + "/a"));
			}
		}
		redis.resume();

		for (HttpResponse<String> theirs : responses.get("theirs")) {
			assertThat(theirs.statusCode()).isEqualTo(200);
			assertThat(header(theirs, "X-RateLimit-Remaining")).isEqualTo("-1");
			assertThat(theirs.headers().firstValue("Retry-After")).isEmpty();
		}
		for (HttpResponse<String> closed : responses.get("closed")) {
			assertThat(closed.statusCode()).isEqualTo(503);
			assertThat(header(closed, "Retry-After")).isEqualTo("30");
			assertThat(header(closed, "X-Served-By")).isNull();
			assertThat(closed.body()).contains("\"status\":503",
					"\"type\":\"https://iana.org/assignments/http-problem-types#temporary-reduced-capacity\"",
					"\"reason\":\"limiter-unavailable\"", "\"tier\":\"closed\"", "\"instance\":\"/closed/a\"");
		}
		for (HttpResponse<String> closed : responses.get("kept-closed")) {
			// RequestRateLimiter answers its own status, without a body
			assertThat(closed.statusCode()).isEqualTo(429);
			assertThat(header(closed, "Retry-After")).isEqualTo("30");
			assertThat(header(closed, "X-Served-By")).isNull();
			assertThat(closed.body()).isEmpty();
		}
		assertThat(admitted(responses.get("local"))).isEqualTo(5);
		assertThat(admitted(responses.get("kept-local"))).isEqualTo(5);
		for (String route : new String[] { "local", "kept-local" }) {
			for (HttpResponse<String> response : responses.get(route)) {
				if (response.statusCode() != 200) {
					assertThat(response.statusCode()).isEqualTo(429);
					assertThat(header(response, "Retry-After")).isNotNull();
				}
			}
		}
	}

	private static long admitted(List<HttpResponse<String>> responses) {
		return responses.stream().filter((response) -> response.statusCode() == 200).count();
	}

}

package dev.ratelimit.samplegatewaywebflux;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.gateway.webflux.TierRateLimiter;
import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.Http;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static dev.ratelimit.testsupport.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spring Cloud Gateway's own {@code RequestRateLimiter} filter with the starter's
 * {@link TierRateLimiter}, over real HTTP and Redis, in a gateway that also has the
 * gateway's {@link RedisRateLimiter} and an application {@link KeyResolver} reading a
 * header the client fills in: the tier is admitted exactly, the response carries
 * {@code Retry-After} and the rate-limit fields, and neither a forged API key nor the
 * application resolver's header mints a fresh budget.
 */
class TierRateLimiterHttpTests {

	static RedisProcess redis;

	static ConfigurableApplicationContext gateway;

	static int port;

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		port = FreePorts.any();
		List<String> args = GatewayRoutes.onRedis(port, redis);
		args.addAll(List.of("--ratelimit.tiers.kept.limits.per-hour.limit=4",
				"--ratelimit.tiers.kept.limits.per-hour.period=1h", "--ratelimit.tiers.forged.limits.per-hour.limit=3",
				"--ratelimit.tiers.forged.limits.per-hour.period=1h", "--ratelimit.tiers.keys.limits.per-hour.limit=3",
				"--ratelimit.tiers.keys.limits.per-hour.period=1h", "--ratelimit.tiers.dsl.limits.per-hour.limit=2",
				"--ratelimit.tiers.dsl.limits.per-hour.period=1h", "--ratelimit.tiers.spec.limits.per-hour.limit=2",
				"--ratelimit.tiers.spec.limits.per-hour.period=1h", "--test.dsl.tier=dsl",
				"--test.dsl.spec-tier=spec"));
		args.addAll(new GatewayRoutes().tierRateLimiter("kept", "callerKeyResolver", "kept")
			.tierRateLimiter("keys", "callerKeyResolver", "keys")
			// the application's own resolver, counting what the client puts in X-Client
			.tierRateLimiter("forged", "headerKeyResolver", "forged")
			// the gateway's RedisRateLimiter, the filter's default, beside ours
			.route("theirs", "RequestRateLimiter", "redis-rate-limiter.replenishRate", "1",
					"redis-rate-limiter.burstCapacity", "2", "key-resolver", "#{@callerKeyResolver}")
			.args());
		gateway = new SpringApplicationBuilder(GatewayWebFluxSampleApplication.class, JavaDslLimiterRoutes.class)
			.initializers((ApplicationContextInitializer<GenericApplicationContext>) (context) -> context.registerBean(
					"headerKeyResolver", KeyResolver.class,
					() -> (exchange) -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst("X-Client"))))
			.run(args.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		gateway.close();
		redis.close();
	}

	@Test
	void requestRateLimiterAdmitsTheTierExactlyThenAnswers429WithRetryAfterAndFields() {
		for (String remaining : new String[] { "3", "2", "1", "0" }) {
			HttpResponse<String> allowed = Http.get(port, "/kept/a");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.body()).isEqualTo("{\"path\":\"/backend/kept/a\"}");
			assertThat(header(allowed, "RateLimit-Limit")).isEqualTo("4");
			assertThat(header(allowed, "RateLimit-Remaining")).isEqualTo(remaining);
			assertThat(allowed.headers().allValues("RateLimit-Remaining")).hasSize(1);
			assertThat(header(allowed, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=4;w=3600");
		}
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> denied = Http.get(port, "/kept/a");
			assertThat(denied.statusCode()).isEqualTo(429);
			// a unit comes back every 900 s: what is left of that depends on the time
			// gone by
			String retryAfter = header(denied, "Retry-After");
			assertThat(Integer.parseInt(retryAfter)).isBetween(890, 900);
			assertThat(denied.headers().allValues("Retry-After")).hasSize(1);
			assertThat(header(denied, "RateLimit-Limit")).isEqualTo("4");
			assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("0");
			assertThat(Integer.parseInt(header(denied, "RateLimit-Reset"))).isBetween(3500, 3600);
			assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=4;w=3600");
			assertThat(header(denied, "RateLimit")).isEqualTo("\"per-hour\";r=0;t=" + retryAfter);
			assertThat(header(denied, "X-Served-By")).isNull();
			assertThat(header(denied, "X-RateLimit-Remaining")).isNull();
			// RequestRateLimiter completes a refusal without a body
			assertThat(denied.body()).isEmpty();
		}
	}

	@Test
	void forgedApiKeysMintNoBudget() {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = Http.get(port, "/keys/a", "X-API-Key", UUID.randomUUID().toString());
			admitted += (response.statusCode() == 200) ? 1 : 0;
		}
		// unknown keys are ignored: the caller's address is counted
		assertThat(admitted).isEqualTo(3);
	}

	@Test
	void applicationKeyResolverReadingAFreeHeaderMintsNoBudget() {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = Http.get(port, "/forged/a", "X-Client", UUID.randomUUID().toString());
			if (response.statusCode() == 200) {
				admitted++;
				continue;
			}
			assertThat(response.statusCode()).isEqualTo(429);
			assertThat(header(response, "RateLimit-Limit")).isEqualTo("3");
		}
		assertThat(admitted).isEqualTo(3);
	}

	@Test
	void javaDslRoutesAdmitTheirTierExactly() {
		for (String route : new String[] { "/dsl/a", "/spec/a" }) {
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				HttpResponse<String> response = Http.get(port, route);
				statuses.add(response.statusCode());
				assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=2;w=3600");
			}
			assertThat(statuses).as(route).containsExactly(200, 200, 429, 429);
		}
	}

	@Test
	void javaDslLimiterForAnUnknownTierFailsNamingIt() {
		TierRateLimiter limiter = gateway.getBean(TierRateLimiter.BEAN_NAME, TierRateLimiter.class);
		assertThatIllegalStateException().isThrownBy(() -> limiter.forTier("fre", 1))
			.withMessageStartingWith("RequestRateLimiter of a Java DSL route names unknown tier 'fre'; "
					+ "configured tiers (ratelimit.tiers): ");
	}

	@Test
	void gatewaysOwnRedisRateLimiterStaysTheFiltersDefault() {
		RequestRateLimiterGatewayFilterFactory factory = gateway.getBean(RequestRateLimiterGatewayFilterFactory.class);
		assertThat(factory.getDefaultRateLimiter()).isInstanceOf(RedisRateLimiter.class);
		assertThat(factory.getDefaultKeyResolver()).isSameAs(gateway.getBean("headerKeyResolver"));
		HttpResponse<String> theirs = Http.get(port, "/theirs/a");
		assertThat(theirs.statusCode()).isEqualTo(200);
		assertThat(header(theirs, "X-RateLimit-Burst-Capacity")).isEqualTo("2");
		assertThat(header(theirs, "RateLimit-Limit")).isNull();
	}

}

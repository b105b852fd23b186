package dev.ratelimit.gateway.mvc;

import java.net.http.HttpResponse;

import dev.ratelimit.testsupport.Http;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.ratelimit.testsupport.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's {@code RateLimit} filter over real HTTP, with a real Redis and a real
 * backend: exact counts, every field, the problem body, and the backend's own response on
 * an allowed request, for the configuration form and the Java DSL form.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.fallback.expected-nodes=1",
				"ratelimit.tiers.free.limits.per-minute.limit=3", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.dsl.limits.per-minute.limit=3", "ratelimit.tiers.dsl.limits.per-minute.period=1m",
				"ratelimit.tiers.heavy.limits.per-minute.limit=6", "ratelimit.tiers.heavy.limits.per-minute.period=1m",
				"spring.cloud.gateway.server.webmvc.routes[0].id=config",
				"spring.cloud.gateway.server.webmvc.routes[0].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/config/**",
				"spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=free",
				"spring.cloud.gateway.server.webmvc.routes[1].id=other",
				"spring.cloud.gateway.server.webmvc.routes[1].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[1].predicates[0]=Path=/other/**",
				"spring.cloud.gateway.server.webmvc.routes[1].filters[0]=RateLimit=free",
				"spring.cloud.gateway.server.webmvc.routes[2].id=costly",
				"spring.cloud.gateway.server.webmvc.routes[2].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[2].predicates[0]=Path=/costly/**",
				"spring.cloud.gateway.server.webmvc.routes[2].filters[0]=RateLimit=heavy,2",
				"spring.cloud.gateway.server.webmvc.routes[3].id=named",
				"spring.cloud.gateway.server.webmvc.routes[3].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[3].predicates[0]=Path=/named/**",
				"spring.cloud.gateway.server.webmvc.routes[3].filters[0].name=RateLimit",
				"spring.cloud.gateway.server.webmvc.routes[3].filters[0].args.tier=heavy",
				"spring.cloud.gateway.server.webmvc.routes[3].filters[0].args.cost=3", "test.dsl.tier=dsl" })
class RouteRateLimitHttpTests {

	static final RedisProcess redis = RedisProcess.start();

	static final Backend backend = Backend.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.endpoint().port());
		registry.add("test.backend", backend::uri);
	}

	@AfterAll
	static void stop() {
		backend.close();
		redis.close();
	}

	@BeforeEach
	void flush() {
		RedisCommands.call(redis.endpoint(), "FLUSHALL");
	}

	@Test
	void configuredRouteAdmitsItsLimitThenAnswersTheContract() {
		admitsThreeThenDenies("/config/items", "free");
	}

	@Test
	void javaDslRouteAdmitsItsLimitThenAnswersTheContract() {
		admitsThreeThenDenies("/dsl/items", "dsl");
	}

	@Test
	void costOfTheShortcutFormChargesThatManyUnits() {
		for (String remaining : new String[] { "4", "2", "0" }) {
			HttpResponse<String> allowed = Http.get(this.port, "/costly/report");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(header(allowed, "RateLimit-Remaining")).isEqualTo(remaining);
		}
		HttpResponse<String> denied = Http.get(this.port, "/costly/report");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"tier\":\"heavy\"");
	}

	@Test
	void namedArgumentsFormChargesItsCost() {
		for (String remaining : new String[] { "3", "0" }) {
			HttpResponse<String> allowed = Http.get(this.port, "/named/report");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(header(allowed, "RateLimit-Remaining")).isEqualTo(remaining);
		}
		assertThat(Http.get(this.port, "/named/report").statusCode()).isEqualTo(429);
	}

	@Test
	void routesNamingOneTierShareEachClientsBudget() {
		assertThat(Http.get(this.port, "/config/a").statusCode()).isEqualTo(200);
		assertThat(Http.get(this.port, "/other/b").statusCode()).isEqualTo(200);
		assertThat(Http.get(this.port, "/config/c").statusCode()).isEqualTo(200);
		assertThat(Http.get(this.port, "/other/d").statusCode()).isEqualTo(429);
	}

	private void admitsThreeThenDenies(String path, String tier) {
		int servedBefore = backend.served();
		for (String remaining : new String[] { "2", "1", "0" }) {
			HttpResponse<String> allowed = Http.get(this.port, path);
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.body()).isEqualTo("served " + path);
			assertThat(header(allowed, "X-Backend")).isEqualTo(path);
			assertThat(header(allowed, "RateLimit-Limit")).isEqualTo("3");
			assertThat(header(allowed, "RateLimit-Remaining")).isEqualTo(remaining);
			assertThat(header(allowed, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60");
			assertThat(header(allowed, "RateLimit")).startsWith("\"per-minute\";r=" + remaining + ";t=");
			assertThat(allowed.headers().allValues("RateLimit-Remaining")).hasSize(1);
			assertThat(allowed.headers().firstValue("Retry-After")).isEmpty();
		}
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> denied = Http.get(this.port, path);
			assertThat(denied.statusCode()).isEqualTo(429);
			// a unit comes back every 20 s: what is left of that depends on the time gone
			// by
			String retryAfter = header(denied, "Retry-After");
			assertThat(Integer.parseInt(retryAfter)).isBetween(1, 20);
			assertThat(header(denied, "RateLimit-Limit")).isEqualTo("3");
			assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("0");
			assertThat(Integer.parseInt(header(denied, "RateLimit-Reset"))).isBetween(41, 60);
			assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=3;w=60");
			assertThat(header(denied, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=" + retryAfter);
			assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
			assertThat(header(denied, "X-Backend")).isNull();
			assertThat(denied.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"",
					"\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"",
					"\"tier\":\"" + tier + "\"", "\"limit\":\"per-minute\"", "\"reason\":\"limit-exceeded\"",
					"\"retryAfter\":" + retryAfter,
					"\"detail\":\"Limit 'per-minute' of tier '" + tier + "' is exhausted; retry in " + retryAfter
							+ " s.\"",
					"\"instance\":\"" + path + "\"", "\"violated-policies\":[\"per-minute\"]",
					"{\"name\":\"per-minute\",\"quota\":3,\"window\":60,\"remaining\":0,\"reset\":" + retryAfter
							+ ",\"violated\":true}");
		}
		assertThat(backend.served() - servedBefore).isEqualTo(3);
	}

}

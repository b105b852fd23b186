package dev.ratelimit.gateway.mvc;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

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
 * Three gateway instances, each an application on its own port, share one Redis behind a
 * round-robin client: the fleet admits a route's limit exactly once, not once per
 * instance, and every other request gets the full 429 contract from whichever instance it
 * reached.
 */
class GatewayFleetHttpTests {

	static RedisProcess redis;

	static Backend backend;

	static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

	static final List<Integer> ports = new ArrayList<>();

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		backend = Backend.start();
		// one after the other: Spring Boot sets up logging through JVM-wide properties
		for (int i = 0; i < 3; i++) {
			ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayTestApplication.class).run(
					"--server.port=0", "--spring.main.banner-mode=off", "--spring.data.redis.host=127.0.0.1",
					"--spring.data.redis.port=" + redis.endpoint().port(), "--ratelimit.redis.timeout=5s",
					"--ratelimit.fallback.expected-nodes=3", "--ratelimit.tiers.free.limits.per-hour.limit=6",
					"--ratelimit.tiers.free.limits.per-hour.period=1h",
					"--spring.cloud.gateway.server.webmvc.routes[0].id=api",
					"--spring.cloud.gateway.server.webmvc.routes[0].uri=" + backend.uri(),
					"--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/api/**",
					"--spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=free");
			gateways.add(gateway);
			ports.add(gateway.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
		}
	}

	@AfterAll
	static void stop() {
		gateways.forEach(ConfigurableApplicationContext::close);
		backend.close();
		redis.close();
	}

	@Test
	void fleetAdmitsTheLimitOnceAcrossInstances() {
		int admitted = 0;
		List<Integer> admittedBy = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			int port = ports.get(i % 3);
			HttpResponse<String> response = Http.get(port, "/api/orders");
			if (response.statusCode() == 200) {
				admitted++;
				admittedBy.add(port);
				assertThat(header(response, "X-Backend")).isEqualTo("/api/orders");
				assertThat(header(response, "RateLimit-Remaining")).isEqualTo(String.valueOf(6 - admitted));
				continue;
			}
			assertThat(response.statusCode()).isEqualTo(429);
			// a token comes back every 600 s, so none does during the test; how long is
			// left depends on the time gone by
			String retryAfter = header(response, "Retry-After");
			assertThat(Integer.parseInt(retryAfter)).isBetween(590, 600);
			assertThat(header(response, "RateLimit-Limit")).isEqualTo("6");
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo("0");
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=6;w=3600");
			assertThat(header(response, "RateLimit")).isEqualTo("\"per-hour\";r=0;t=" + retryAfter);
			assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
			assertThat(response.body()).contains("\"status\":429", "\"tier\":\"free\"", "\"retryAfter\":" + retryAfter,
					"\"violated-policies\":[\"per-hour\"]");
		}
		assertThat(admitted).isEqualTo(6);
		assertThat(admittedBy).containsExactly(ports.get(0), ports.get(1), ports.get(2), ports.get(0), ports.get(1),
				ports.get(2));
		assertThat(backend.served()).isEqualTo(6);
	}

}

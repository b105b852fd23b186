package dev.ratelimit.samplegatewaywebflux;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

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
 * Three reactive gateway instances, each the sample application on its own port, share
 * one Redis behind a round-robin client: the fleet admits the {@code RateLimit=free}
 * route's limit exactly once, not once per instance, and every other request gets the
 * full 429 contract from whichever instance it reached.
 */
class GatewayWebFluxFleetHttpTests {

	static RedisProcess redis;

	static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

	static final List<Integer> ports = new ArrayList<>();

	@BeforeAll
	static void start() {
		redis = RedisProcess.start();
		// one after the other: Spring Boot sets up logging through JVM-wide properties;
		// a fixed port each, since the sample's routes go to its own backend on it
		for (int i = 0; i < 3; i++) {
			ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayWebFluxSampleApplication.class)
				.run("--server.port=" + FreePorts.any(), "--spring.main.banner-mode=off",
						"--sample.embedded-redis.enabled=false", "--spring.data.redis.host=127.0.0.1",
						"--spring.data.redis.port=" + redis.endpoint().port(), "--ratelimit.redis.timeout=5s",
						"--ratelimit.fallback.expected-nodes=3", "--ratelimit.tiers.free.limits.per-minute.limit=6",
						"--ratelimit.tiers.free.limits.per-minute.period=1h");
			gateways.add(gateway);
			ports.add(gateway.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
		}
	}

	@AfterAll
	static void stop() {
		gateways.forEach(ConfigurableApplicationContext::close);
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
				assertThat(response.body()).isEqualTo("{\"path\":\"/backend/api/orders\"}");
				assertThat(header(response, "RateLimit-Remaining")).isEqualTo(String.valueOf(6 - admitted));
				continue;
			}
			assertThat(response.statusCode()).isEqualTo(429);
			// a unit comes back every 600 s, so none does during the test; how long is
			// left depends on the time gone by
			String retryAfter = header(response, "Retry-After");
			assertThat(Integer.parseInt(retryAfter)).isBetween(590, 600);
			assertThat(header(response, "RateLimit-Limit")).isEqualTo("6");
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo("0");
			assertThat(Integer.parseInt(header(response, "RateLimit-Reset"))).isBetween(3500, 3600);
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=6;w=3600");
			assertThat(header(response, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=" + retryAfter);
			assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
			assertThat(header(response, "X-Served-By")).isNull();
			assertThat(response.body()).contains("\"status\":429",
					"\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"", "\"tier\":\"free\"",
					"\"retryAfter\":" + retryAfter, "\"instance\":\"/api/orders\"",
					"\"violated-policies\":[\"per-minute\"]");
		}
		assertThat(admitted).isEqualTo(6);
		assertThat(admittedBy).containsExactly(ports.get(0), ports.get(1), ports.get(2), ports.get(0), ports.get(1),
				ports.get(2));
	}

}

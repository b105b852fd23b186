package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.resilience.FleetSize;
import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.RedisProcess;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.RequestOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application started while its Redis is away, over real HTTP, on either web stack:
 * without {@code expected-nodes} it does not know its share, so a tier on the local
 * fallback answers as a fail-closed one, 503 problem+json with {@code Retry-After}, until
 * a beat counts the fleet; then it admits exactly its share, without a restart. With
 * {@code expected-nodes} its share is known from the start.
 */
public abstract class UncountedFleetHttpTestBase {

	private final int redisPort = FreePorts.any();

	private final List<AutoCloseable> started = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : this.started) {
			closeable.close();
		}
	}

	@Test
	void aLocalTierAnswers503UntilABeatCountsTheFleetThenItsShare() {
		// the fleet counted, not configured as the test properties configure it
		ConfigurableApplicationContext application = start("--ratelimit.fallback.expected-nodes=");
		Http http = http(application);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> refused = http.get("/api/free", "X-API-Key", "uncounted");
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.body()).contains("\"status\":503", "\"title\":\"Service Unavailable\"",
					"\"reason\":\"limiter-unavailable\"", "\"tier\":\"free\"", "\"retryAfter\":2");
		}
		assertAwaitingCount(application, http);
		MeterRegistry meters = application.getBean(MeterRegistry.class);
		assertThat(RequestOutcomes.count(meters, "free", "fallback_denied")).isEqualTo(3);
		assertThat(RequestOutcomes.count(meters, "free", "fallback_allowed")).isZero();

		FleetSize fleet = application.getBean(FleetSize.class);
		RedisProcess redis = RedisProcess.start(this.redisPort);
		this.started.add(redis);
		await().atMost(Duration.ofSeconds(20)).until(() -> !fleet.awaitingCount());
		redis.close();
		assertCountedAlone(application, http);
		// counted alone: this node's share is the whole limit of 6
		assertThat(admitted(http, "counted")).isEqualTo(6);
	}

	@Test
	void withExpectedNodesALocalTierAdmitsItsShareFromTheStart() {
		Http http = http(start("--ratelimit.fallback.expected-nodes=2"));
		// this node's share of 6 among 2
		assertThat(admitted(http, "configured")).isEqualTo(3);
	}

	/**
	 * Return the application of the stack under test, with the properties the tests need
	 * beyond the common ones.
	 * @return the application's builder
	 */
	protected abstract SpringApplicationBuilder application();

	/**
	 * Assert that the application shows it awaits its first count of the fleet.
	 * @param application the application
	 * @param http its HTTP client
	 */
	protected abstract void assertAwaitingCount(ConfigurableApplicationContext application, Http http);

	/**
	 * Assert that the application shows a fleet counted as one node.
	 * @param application the application
	 * @param http its HTTP client
	 */
	protected abstract void assertCountedAlone(ConfigurableApplicationContext application, Http http);

	private static int admitted(Http http, String apiKey) {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = http.get("/api/free", "X-API-Key", apiKey);
			assertThat(response.statusCode()).isIn(200, 429);
			admitted += (response.statusCode() == 200) ? 1 : 0;
		}
		return admitted;
	}

	private ConfigurableApplicationContext start(String... args) {
		ConfigurableApplicationContext application = application()
			.properties("server.port=0", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redisPort,
					"spring.data.redis.connect-timeout=200ms", "ratelimit.redis.timeout=200ms",
					"ratelimit.redis.warm-up-timeout=200ms", "ratelimit.fallback.heartbeat-interval=100ms",
					"ratelimit.circuit-breaker.wait-in-open-state=2s", "ratelimit.tiers.free.limits.per-hour.limit=6",
					"ratelimit.tiers.free.limits.per-hour.period=1h", "ratelimit.tiers.free.failure-policy=local",
					"ratelimit.tiers.duo.limits.per-minute.limit=1", "ratelimit.tiers.duo.limits.per-minute.period=1m")
			.run(args);
		this.started.add(application);
		return application;
	}

	private static Http http(ConfigurableApplicationContext application) {
		return new Http(((WebServerApplicationContext) application).getWebServer().getPort());
	}

}

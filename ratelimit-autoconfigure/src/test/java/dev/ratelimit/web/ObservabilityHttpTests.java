package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.metrics.MicrometerRateLimitObserver;
import dev.ratelimit.web.app.HttpTestBase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, shadow mode, the {@code ratelimits} endpoint and health, after real traffic
 * over HTTP against a real Redis.
 */
@SharedApplicationTest
class ObservabilityHttpTests extends HttpTestBase {

	@Autowired
	MeterRegistry registry;

	@Autowired
	CircuitBreaker rateLimitCircuitBreaker;

	private final String apiKey = "secret-" + UUID.randomUUID();

	@Test
	void requestsAreCountedByTierLimitAndOutcomeWithoutClientValues() {
		double allowed = count("free", "per-minute", "allowed");
		double denied = count("free", "per-minute", "denied");
		double near = nearLimit("free", "per-minute");
		long latencies = latency().count();
		for (int i = 0; i < 7; i++) {
			this.http.get("/api/free", "X-API-Key", this.apiKey);
		}
		assertThat(count("free", "per-minute", "allowed") - allowed).isEqualTo(5);
		assertThat(count("free", "per-minute", "denied") - denied).isEqualTo(2);
		assertThat(nearLimit("free", "per-minute") - near).isEqualTo(1);
		assertThat(latency().count() - latencies).isEqualTo(7);
		List<Meter> ours = this.registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("ratelimit."))
			.toList();
		assertThat(ours).hasSizeGreaterThanOrEqualTo(6);
		for (Meter meter : ours) {
			for (Tag tag : meter.getId().getTags()) {
				assertThat(tag.getValue()).doesNotContain(this.apiKey).doesNotContain("127.0.0.1");
			}
		}
	}

	@Test
	void shadowModeAdmitsEveryoneAndCountsWouldBeDenials() {
		double shadowDenied = count("shadowed", "per-minute", "shadow_denied");
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = this.http.get("/api/rules/shadowed/thing", "X-API-Key", this.apiKey);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		}
		assertThat(count("shadowed", "per-minute", "shadow_denied") - shadowDenied).isEqualTo(3);
		assertThat(this.http.get("/api/rules/shadowed/thing", "X-API-Key", this.apiKey)
			.headers()
			.firstValue("RateLimit-Remaining")).hasValue("0");
	}

	@Test
	void endpointReadsAndResetsOneClientWithoutConsuming() {
		this.http.get("/api/free", "X-API-Key", this.apiKey);
		this.http.get("/api/free", "X-API-Key", this.apiKey);
		String client = "{\"tier\":\"free\",\"client\":\"key:" + this.apiKey + "\"}";
		String standing = this.http.postJson("/actuator/ratelimits/standing", client).body();
		assertThat(standing).contains("\"tier\":\"free\"", "\"remaining\":3", "\"quota\":5")
			.doesNotContain(this.apiKey);
		// whole seconds, rounded up as the response fields round them
		assertThat(standing).containsPattern("\"resetSeconds\":[1-9][0-9]*[,}]");
		assertThat(this.http.postJson("/actuator/ratelimits/standing", client).body()).contains("\"remaining\":3");
		assertThat(this.http.postJson("/actuator/ratelimits/reset", client).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/api/free", "X-API-Key", this.apiKey).headers().firstValue("RateLimit-Remaining"))
			.hasValue("4");
		assertThat(this.http.get("/actuator/ratelimits").body()).contains("\"shadowed\"", "\"mode\":\"shadow\"",
				"\"failurePolicy\":\"local\"", "\"circuitBreaker\":\"closed\"");
	}

	@Test
	void healthIsDegradedNotDownWhileTheBreakerIsOpen() {
		// a decision Redis answered: on a loaded machine the startup warm-up may have
		// timed out, which keeps the health degraded until Redis answers a call
		assertThat(this.http.get("/api/free", "X-API-Key", this.apiKey).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/actuator/health/ratelimit").body()).contains("\"status\":\"UP\"",
				"\"circuitBreaker\":\"closed\"");
		this.rateLimitCircuitBreaker.transitionToOpenState();
		try {
			assertThat(this.http.get("/actuator/health/ratelimit").body()).contains("\"status\":\"DEGRADED\"",
					"\"circuitBreaker\":\"open\"");
			HttpResponse<String> overall = this.http.get("/actuator/health");
			assertThat(overall.statusCode()).isEqualTo(200);
			assertThat(overall.body()).endsWith(",\"status\":\"UP\"}");
		}
		finally {
			this.rateLimitCircuitBreaker.transitionToClosedState();
		}
	}

	private double count(String tier, String limit, String outcome) {
		Counter counter = this.registry.find(MicrometerRateLimitObserver.REQUESTS)
			.tags("tier", tier, "limit", limit, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double nearLimit(String tier, String limit) {
		Counter counter = this.registry.find(MicrometerRateLimitObserver.NEAR_LIMIT)
			.tags("tier", tier, "limit", limit)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Timer latency() {
		return this.registry.get(MicrometerRateLimitObserver.BACKEND_LATENCY).tag("result", "success").timer();
	}

}

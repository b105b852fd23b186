package dev.ratelimit.metrics;

import java.util.List;
import java.util.UUID;

import dev.ratelimit.web.SharedApplicationTest;
import dev.ratelimit.web.app.HttpTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the actuator present, Spring Boot observes every Lettuce command; the limiter's
 * script calls are left out of those observations and the application's own commands are
 * not, over real HTTP against a real Redis.
 */
@SharedApplicationTest
class LimiterCommandsObservationHttpTests extends HttpTestBase {

	@Autowired
	MeterRegistry registry;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void limiterScriptsAreTimedOnlyAsRateLimitBackendLatency() {
		String apiKey = "key-" + UUID.randomUUID();
		long decisions = backendLatency().count();
		long scripts = lettuceScripts();
		for (int i = 0; i < 5; i++) {
			assertThat(this.http.get("/api/free", "X-API-Key", apiKey).statusCode()).isEqualTo(200);
		}
		assertThat(backendLatency().count() - decisions).isEqualTo(5);
		// the same shared connection completes commands in order: once this SET is
		// observed, so would the limiter's scripts before it have been
		long sets = lettuceCommands("SET");
		this.redis.opsForValue().set("app:" + UUID.randomUUID(), "value");
		await().untilAsserted(() -> assertThat(lettuceCommands("SET") - sets).isEqualTo(1));
		assertThat(lettuceScripts() - scripts).isZero();
	}

	@Test
	void theApplicationsOwnScriptsAndCommandsAreStillObserved() {
		long sets = lettuceCommands("SET");
		long scripts = lettuceScripts();
		this.redis.opsForValue().set("app:" + UUID.randomUUID(), "value");
		this.redis.execute(RedisScript.of("return 1", Long.class), List.of("app:" + UUID.randomUUID()));
		await().untilAsserted(() -> {
			assertThat(lettuceCommands("SET") - sets).isEqualTo(1);
			assertThat(lettuceScripts() - scripts).isGreaterThanOrEqualTo(1);
		});
	}

	private long lettuceScripts() {
		return lettuceCommands("EVALSHA") + lettuceCommands("EVAL");
	}

	private Timer backendLatency() {
		return this.registry.get(MicrometerRateLimitObserver.BACKEND_LATENCY).tag("result", "success").timer();
	}

	private long lettuceCommands(String operation) {
		return this.registry.find("lettuce")
			.tag("db.operation", operation)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

}

package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.RateLimiterContractTests;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Runs the shared contract through the production {@link ScriptRunner} on a Lettuce
 * connection factory.
 */
class LettuceLuaRateLimiterContractTests extends RateLimiterContractTests {

	private static LettuceConnectionFactory factory;

	@BeforeAll
	static void connect() {
		factory = LettuceFactories.started(TestRedis.shared());
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		return new RedisRateLimiter(
				new DriverInjectedClockScripts(new ScriptRunner(factory, Duration.ofSeconds(5)), clock),
				new RedisKeys("rl-lettuce:"));
	}

}

package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.RateLimiterContractTests;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Runs the shared contract through the production {@link ScriptRunner} on one Spring Data
 * driver's connection factory, with the script's clock under the test's control.
 */
abstract class DriverContractTests extends RateLimiterContractTests {

	private final RedisConnectionFactory factory;

	private final String prefix;

	DriverContractTests(RedisConnectionFactory factory, String prefix) {
		this.factory = factory;
		this.prefix = prefix;
	}

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		return new RedisRateLimiter(
				new DriverInjectedClockScripts(new ScriptRunner(this.factory, Duration.ofSeconds(5)), clock),
				new RedisKeys(this.prefix), clock);
	}

}

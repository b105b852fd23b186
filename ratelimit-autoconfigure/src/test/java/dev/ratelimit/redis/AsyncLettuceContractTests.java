package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.RateLimiterContractTests;
import dev.ratelimit.testsupport.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The shared contract through the asynchronous script calls on Lettuce: every algorithm,
 * calendar periods, compound quotas and leases decide exactly as the blocking calls do.
 */
class AsyncLettuceContractTests extends RateLimiterContractTests {

	// one factory for the class's tests, closed with the test JVM
	private static final LettuceConnectionFactory FACTORY = LettuceFactories.started(TestRedis.shared());

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		return new AsyncTwins(new RedisRateLimiter(
				new DriverInjectedClockScripts(new ScriptRunner(FACTORY, Duration.ofSeconds(5)), clock),
				new RedisKeys("rl-async:"), clock));
	}

}

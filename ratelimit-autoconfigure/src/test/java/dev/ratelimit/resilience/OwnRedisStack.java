package dev.ratelimit.resilience;

import java.time.Duration;

import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A guarded limiter over a {@code redis-server} of the test's own, which the test may
 * stop, freeze and restart: three expected nodes, a 200 ms connect timeout.
 */
final class OwnRedisStack {

	RedisProcess redis = RedisProcess.start();

	final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(), Duration.ofMillis(200));

	final CircuitBreaker breaker;

	final FailSafeRateLimiter limiter;

	OwnRedisStack(CircuitBreaker breaker, Duration budget) {
		this.breaker = breaker;
		this.limiter = TestGuards.guard(
				new RedisRateLimiter(new ScriptRunner(this.factory, budget), new RedisKeys("rl:")), breaker,
				TestGuards.fallback(3), RateLimitObserver.NONE);
	}

	void close() {
		this.factory.destroy();
		this.redis.close();
	}

}

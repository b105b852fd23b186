package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whatever the guarded call throws, the breaker permission it took is given back: an
 * {@link Error} from the limiter leaves a half-open breaker its probes.
 */
class GuardedThrowableTests {

	private static final Tier TIER = TestTiers.of("t", List.of(LimitSpec.of("per-hour", 10, Duration.ofHours(1))),
			FailurePolicy.LOCAL);

	@Test
	void anErrorInsideTheGuardedCallReleasesItsPermission() {
		LettuceConnectionFactory factory = LettuceFactories.started(TestRedis.shared(), Duration.ofSeconds(2));
		try {
			RedisRateLimiter redis = new RedisRateLimiter(new ScriptRunner(factory, Duration.ofSeconds(1)),
					new RedisKeys("rl-throwable:"));
			boolean[] fail = { true };
			RateLimiter failing = new RateLimiter() {
				@Override
				public Decision evaluate(DecisionRequest request) {
					if (fail[0]) {
						throw new StackOverflowError("deep");
					}
					return redis.evaluate(request);
				}
			};
			CircuitBreaker breaker = Breakers.create("throwable", 50, 10, 5, Duration.ofMinutes(5), 0, 1);
			FailSafeRateLimiter limiter = TestGuards.guard(failing, breaker, TestGuards.fallback(1),
					RateLimitObserver.NONE);
			breaker.transitionToOpenState();
			breaker.transitionToHalfOpenState();
			assertThatExceptionOfType(StackOverflowError.class)
				.isThrownBy(() -> limiter.decide("t:" + System.nanoTime(), TIER, 1));
			fail[0] = false;
			// the one half-open probe is free again: it reaches Redis and closes the
			// breaker
			assertThat(limiter.decide("t:" + System.nanoTime(), TIER, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}
		finally {
			factory.destroy();
		}
	}

}

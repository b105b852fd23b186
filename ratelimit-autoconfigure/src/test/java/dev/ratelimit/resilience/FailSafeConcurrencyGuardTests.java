package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalConcurrencyLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisConcurrencyLimiter;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permits in a {@code redis-server} of the test's own, while the breaker keeps Redis from
 * being asked as a request ends: the release that could not be made is made with the next
 * renewal once Redis may be asked again, so the client gets its permit back without
 * waiting out the permit's maximum duration.
 */
class FailSafeConcurrencyGuardTests {

	private static final ConcurrencyLimit ONE = new ConcurrencyLimit("in-flight", 1, Duration.ofMinutes(5));

	private static final Tier TIER = TestTiers.of("export", List.of(LimitSpec.of("per-hour", 100, Duration.ofHours(1))),
			FailurePolicy.FAIL_CLOSED);

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final CircuitBreaker breaker = Breakers.create("test", 50, 10, 5, Duration.ofMillis(300), 0.5, 2);

	private final FailSafeConcurrencyGuard guard = new FailSafeConcurrencyGuard(
			new RedisConcurrencyLimiter(new ScriptRunner(this.factory, Duration.ofMillis(100)), new RedisKeys("rl:")),
			PartitionBreakers.of(this.breaker), new LocalConcurrencyLimiter(MicrosClock.monotonic(), 100), Fleet.of(1),
			RateLimitObserver.NONE);

	@AfterEach
	void tearDown() {
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void releaseThatCouldNotBeMadeIsMadeWithTheNextRenewal() {
		PermitVerdict held = this.guard.acquire("client", TIER, ONE);
		assertThat(held.source()).isEqualTo(Verdict.Source.PRIMARY);
		Permit permit = held.permit();
		assertThat(permit).isNotNull();
		this.breaker.transitionToOpenState();
		this.guard.release(permit);
		this.breaker.transitionToClosedState();
		// the permit is still taken in Redis: the release was not made
		assertThat(this.guard.acquire("client", TIER, ONE).decision().allowed()).isFalse();
		this.guard.renewHeld();
		PermitVerdict again = this.guard.acquire("client", TIER, ONE);
		assertThat(again.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(again.decision().allowed()).isTrue();
	}

}

package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each local decision starts from what Redis said last and from what this node admitted
 * since, against a Redis of the test's own frozen with SIGSTOP: neither failures under
 * the breaker's threshold nor repeated breaker flaps hand a client more than its limit.
 */
class StandingFreshnessTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 10, Duration.ofHours(1)));

	private static final Tier TIER = TestTiers.of("t", LIMITS, FailurePolicy.LOCAL);

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final RedisRateLimiter shared = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofMillis(100)),
			new RedisKeys("rl:"));

	private final CircuitBreaker breaker = Breakers.create("fresh", 50, 10, 5, Duration.ofMillis(300), 0, 2);

	/** Settlements wait here until the test runs them. */
	private final List<Runnable> pendingSettlements = new ArrayList<>();

	@AfterEach
	void tearDown() {
		this.factory.destroy();
		this.redis.close();
	}

	private FailSafeRateLimiter limiter(boolean settleAtOnce) {
		return new FailSafeRateLimiter(this.shared, PartitionBreakers.of(this.breaker),
				new LocalFallback(MicrosClock.system(), 1000, Fleet.of(1)), RateLimitObserver.NONE,
				new DenyCache(MicrosClock.monotonic(), 1000), new TokenLeases(MicrosClock.monotonic(), 1000),
				settleAtOnce ? Runnable::run : this.pendingSettlements::add);
	}

	@Test
	void failuresUnderTheBreakersThresholdStartFromWhatRedisSaidLast() {
		FailSafeRateLimiter limiter = limiter(true);
		warm(limiter);
		int admitted = 0;
		int local = 0;
		// one failed call in five, 60 calls: the breaker stays closed throughout
		for (int round = 0; round < 12; round++) {
			this.redis.pause();
			try {
				Verdict verdict = limiter.decide("t:client", TIER, 1);
				assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
				admitted += verdict.decision().allowed() ? 1 : 0;
				local++;
			}
			finally {
				this.redis.resume();
			}
			for (int i = 0; i < 4; i++) {
				Verdict verdict = limiter.decide("t:client", TIER, 1);
				assertThat(verdict.source()).isEqualTo(Verdict.Source.PRIMARY);
				admitted += verdict.decision().allowed() ? 1 : 0;
			}
		}
		assertThat(local).isEqualTo(12);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// each failed call's script still runs when Redis resumes, so Redis counts those
		// units as well as the settlement: 5 in the first round, 3 in the second, none
		// after (16 when each failure decided from the first failure's count)
		assertThat(admitted).isEqualTo(8);
	}

	@Test
	void unsettledAdmissionsOfEarlierOutagesCountInTheNext() {
		FailSafeRateLimiter limiter = limiter(false);
		warm(limiter);
		for (int i = 0; i < 2; i++) {
			assertThat(limiter.decide("t:client", TIER, 1).decision().allowed()).isTrue();
		}
		int admitted = 2;
		// three outages, each long enough to open the breaker, each followed by a return
		// the settlement does not reach in time
		for (int flap = 0; flap < 3; flap++) {
			this.redis.pause();
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> limiter.decide("t:other", TIER, 1) != null
							&& this.breaker.getState() == CircuitBreaker.State.OPEN);
				for (int i = 0; i < 12; i++) {
					Verdict verdict = limiter.decide("t:client", TIER, 1);
					assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
					admitted += verdict.decision().allowed() ? 1 : 0;
				}
			}
			finally {
				this.redis.resume();
			}
			warm(limiter);
		}
		assertThat(admitted).isEqualTo(10);
		// once the settlements run, Redis knows all ten
		this.pendingSettlements.forEach(Runnable::run);
		assertThat(this.shared.peek("t:client", LIMITS).remaining()).isZero();
	}

	private void warm(FailSafeRateLimiter limiter) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> limiter.decide("t:warm", TIER, 1).source() == Verdict.Source.PRIMARY
					&& this.breaker.getState() == CircuitBreaker.State.CLOSED);
	}

}

package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestClock;
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

/**
 * The local fallback starts each client from how Redis last left it, against a Redis of
 * the test's own that the test stops; the fallback's time is the test's clock.
 */
class LastStandingFallbackTests {

	/** One unit every 10 seconds, six at once. */
	private static final Tier TIER = TestTiers.of("t", List.of(LimitSpec.of("per-minute", 6, Duration.ofMinutes(1))),
			FailurePolicy.LOCAL);

	private final TestClock clock = new TestClock();

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final CircuitBreaker breaker = Breakers.create("standing", 50, 10, 5, Duration.ofMinutes(5), 0, 2);

	private FailSafeRateLimiter limiter(int nodes) {
		return new FailSafeRateLimiter(
				new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofMillis(100)), new RedisKeys("rl:")),
				PartitionBreakers.of(this.breaker), new LocalFallback(this.clock, 1000, Fleet.of(nodes)),
				RateLimitObserver.NONE, new DenyCache(this.clock, 1000), new TokenLeases(this.clock, 1000),
				Runnable::run);
	}

	@AfterEach
	void tearDown() {
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void aClientDeniedBeforeRedisGoesDownGetsAtMostOneRequestInATenSecondOutage() {
		FailSafeRateLimiter limiter = limiter(1);
		for (int i = 0; i < 6; i++) {
			assertThat(limiter.decide("t:spent", TIER, 1).decision().allowed()).isTrue();
		}
		Verdict denied = limiter.decide("t:spent", TIER, 1);
		assertThat(denied.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(denied.decision().allowed()).isFalse();
		this.redis.close();
		int admitted = 0;
		// one request every 100 ms for 10 s of the fallback's time
		for (int i = 0; i < 100; i++) {
			this.clock.advance(Duration.ofMillis(100));
			Verdict verdict = limiter.decide("t:spent", TIER, 1);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(1);
	}

	@Test
	void aClientStartsTheOutageWithWhatItHadLeft() {
		FailSafeRateLimiter limiter = limiter(1);
		for (int i = 0; i < 4; i++) {
			assertThat(limiter.decide("t:partly", TIER, 1).decision().allowed()).isTrue();
		}
		this.redis.close();
		assertThat(admittedAtOnce(limiter, "t:partly")).isEqualTo(2);
		// a client Redis never decided here starts full
		assertThat(admittedAtOnce(limiter, "t:fresh")).isEqualTo(6);
	}

	@Test
	void whatItHadLeftIsScaledToThisNodesShare() {
		FailSafeRateLimiter limiter = limiter(3);
		assertThat(limiter.decide("t:shared", TIER, 1).decision().allowed()).isTrue();
		this.redis.close();
		// 5 of 6 left; this node's share is 2 of 6, so 5 x 2 / 6 rounded down
		assertThat(admittedAtOnce(limiter, "t:shared")).isEqualTo(1);
		assertThat(admittedAtOnce(limiter, "t:fresh")).isEqualTo(2);
	}

	private static int admittedAtOnce(FailSafeRateLimiter limiter, String key) {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			Verdict verdict = limiter.decide(key, TIER, 1);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		return admitted;
	}

}

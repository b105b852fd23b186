package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

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
import dev.ratelimit.redis.CountingScripts;
import dev.ratelimit.redis.InjectedClockScripts;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deny cache in front of a real Redis, Redis's clock and the cache's driven by one
 * test clock, counting the script calls that reach Redis.
 */
class DenyCacheRedisTests {

	private final TestClock clock = new TestClock();

	private final CountingScripts scripts = new CountingScripts(
			new InjectedClockScripts(TestRedis.shared(), this.clock));

	private final RedisRateLimiter redis = new RedisRateLimiter(this.scripts, new RedisKeys("rl-deny:"));

	private final CircuitBreaker breaker = Breakers.create("deny", 50, 10, 5, Duration.ofSeconds(5), 0.5, 2);

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(this.redis, PartitionBreakers.of(this.breaker),
			new LocalFallback(this.clock, 1000, Fleet.of(1)), RateLimitObserver.NONE, new DenyCache(this.clock, 1000),
			new TokenLeases(this.clock, 1000), Runnable::run);

	private final String key = "free:" + UUID.randomUUID();

	/** 5 per minute: a denied client may retry in 12 s. */
	private final List<LimitSpec> limits = List.of(LimitSpec.of("per-minute", 5, Duration.ofMinutes(1)));

	private final Tier cached = new Tier("free", this.limits, FailurePolicy.FAIL_OPEN, false, true, false);

	@Test
	void hammeringClientCostsOneRedisCallPerRetryDelay() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.decide(this.key, this.cached, 1).decision().allowed()).isTrue();
		}
		int before = this.scripts.calls();
		Verdict last = null;
		for (int i = 0; i < 1000; i++) {
			last = this.limiter.decide(this.key, this.cached, 1);
			assertThat(last.decision().allowed()).isFalse();
			// 1,000 requests in 11 s, within the 12 s Retry-After of the first denial
			this.clock.advanceMicros(11_000);
		}
		int denialCalls = this.scripts.calls() - before;
		assertThat(denialCalls).isEqualTo(1);
		assertThat(last.source()).isEqualTo(Verdict.Source.DENY_CACHE);
		assertThat(last.decision().retryAfter()).isEqualTo(Duration.ofMillis(12_000 - 10_989));
		this.clock.advance(Duration.ofSeconds(1));
		Verdict retried = this.limiter.decide(this.key, this.cached, 1);
		assertThat(retried.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(retried.decision().allowed()).isTrue();
		assertThat(this.scripts.calls()).isEqualTo(5 + 1 + 1);
	}

	@Test
	void withoutTheCacheEveryDenialIsARedisCall() {
		Tier uncached = TestTiers.of("free", this.limits);
		for (int i = 0; i < 1005; i++) {
			this.limiter.decide(this.key, uncached, 1);
			this.clock.advanceMicros(11_000);
		}
		assertThat(this.scripts.calls()).isEqualTo(1005);
	}

	@Test
	void cachedDenialIsWhatRedisWouldAnswerAtThatMoment() {
		exhaust();
		assertThat(this.limiter.decide(this.key, this.cached, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		this.clock.advance(Duration.ofMillis(3_250));
		Verdict cachedDenial = this.limiter.decide(this.key, this.cached, 1);
		assertThat(cachedDenial.source()).isEqualTo(Verdict.Source.DENY_CACHE);
		assertThat(cachedDenial.decision()).isEqualTo(this.redis.decide(this.key, this.limits, 1));
		assertThat(cachedDenial.decision().retryAfter()).isEqualTo(Duration.ofMillis(8_750));
		assertThat(cachedDenial.decision().resetAfter()).isEqualTo(Duration.ofMillis(56_750));
	}

	@Test
	void denialStandsForTheSameOrHigherCostsWhileLowerCostsAskRedis() {
		List<LimitSpec> ten = List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1)));
		Tier tier = new Tier("free", ten, FailurePolicy.FAIL_OPEN, false, true, false);
		assertThat(this.limiter.decide(this.key, tier, 8).decision().allowed()).isTrue();
		assertThat(this.limiter.decide(this.key, tier, 5).source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(this.limiter.decide(this.key, tier, 5).source()).isEqualTo(Verdict.Source.DENY_CACHE);
		assertThat(this.limiter.decide(this.key, tier, 7).source()).isEqualTo(Verdict.Source.DENY_CACHE);
		Verdict cheaper = this.limiter.decide(this.key, tier, 2);
		assertThat(cheaper.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(cheaper.decision().allowed()).isTrue();
		assertThat(this.scripts.calls()).isEqualTo(3);
	}

	@Test
	void resetThroughTheAdministeredLimiterClearsThisNodesEntry() {
		exhaust();
		this.limiter.decide(this.key, this.cached, 1);
		assertThat(this.limiter.decide(this.key, this.cached, 1).source()).isEqualTo(Verdict.Source.DENY_CACHE);
		new ForgettingRateLimiter(this.redis, this.limiter).reset(this.key, this.limits);
		Verdict afterReset = this.limiter.decide(this.key, this.cached, 1);
		assertThat(afterReset.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(afterReset.decision().remaining()).isEqualTo(4);
	}

	@Test
	void cachedDenialTakesNoBreakerPermission() {
		exhaust();
		this.limiter.decide(this.key, this.cached, 1);
		this.breaker.transitionToOpenState();
		Verdict verdict = this.limiter.decide(this.key, this.cached, 1);
		assertThat(verdict.source()).isEqualTo(Verdict.Source.DENY_CACHE);
		assertThat(verdict.decision().allowed()).isFalse();
		assertThat(this.limiter.decide("free:other", this.cached, 1).source()).isEqualTo(Verdict.Source.FAIL_OPEN);
	}

	private void exhaust() {
		for (int i = 0; i < 5; i++) {
			this.limiter.decide(this.key, this.cached, 1);
		}
	}

}

package dev.ratelimit.redis;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas far beyond what fits Lua's doubles as a product of count and period count
 * exactly, on Redis (clock injected) and in the local twin, against a model of the token
 * bucket in unbounded integers: tokens held in units of {@code 1/period}, plus
 * {@code limit} per microsecond elapsed, up to {@code burst * period}.
 */
class LargeQuotaTests {

	private static final Duration THIRTY_DAYS = Duration.ofDays(30);

	@Test
	void aBillionPerThirtyDaysCountsExactlyAcrossRefills() {
		countsExactly(LimitSpec.of("monthly", 1_000_000_000, THIRTY_DAYS), 1);
	}

	@Test
	void aPrimeLimitPerThirtyDaysWhoseIntervalIsAFractionCountsExactly() {
		// 2,592,000,000,000 us / 999,999,937: one unit every 2592.000163... us
		countsExactly(LimitSpec.of("monthly", 999_999_937, THIRTY_DAYS), 2);
	}

	@Test
	void aFractionalRateWithAHugeBurstCountsExactly() {
		countsExactly(LimitSpec.of("yearly", 7_777_777, Duration.ofDays(366), 700_000_000), 3);
	}

	@Test
	void aBillionPerThirtyDaysRetriesAfterExactlyOneInterval() {
		for (Algorithm algorithm : List.of(Algorithm.TOKEN_BUCKET, Algorithm.GCRA)) {
			LimitSpec limit = LimitSpec.of("monthly", 1_000_000_000, THIRTY_DAYS, algorithm);
			TestClock clock = new TestClock();
			List<RateLimiter> limiters = limiters(clock);
			String key = "retry-" + algorithm.id() + "-" + System.nanoTime();
			for (RateLimiter limiter : limiters) {
				assertThat(limiter.decide(key, List.of(limit), 1_000_000_000).remaining()).isZero();
				Decision denied = limiter.decide(key, List.of(limit), 1);
				assertThat(denied.allowed()).isFalse();
				assertThat(denied.retryAfter()).isEqualTo(Duration.ofNanos(2_592_000));
				assertThat(denied.resetAfter()).isEqualTo(THIRTY_DAYS);
			}
			// 2,592 s refill exactly a million units, one every 2,592 us
			clock.advance(Duration.ofSeconds(2_592));
			for (RateLimiter limiter : limiters) {
				assertThat(limiter.peek(key, List.of(limit)).remaining()).as(algorithm.id()).isEqualTo(1_000_000);
			}
		}
	}

	private static void countsExactly(LimitSpec limit, long seed) {
		TestClock clock = new TestClock();
		List<RateLimiter> limiters = limiters(clock);
		String key = "large-" + limit.limit() + "-" + System.nanoTime();
		BigInteger period = BigInteger.valueOf(limit.periodMicros());
		BigInteger full = BigInteger.valueOf(limit.burst()).multiply(period);
		BigInteger held = full;
		Random random = new Random(seed);
		for (int step = 0; step < 300; step++) {
			long cost = (step == 0) ? limit.burst() : 1 + random.nextLong(Math.max(1, limit.limit() / 50));
			BigInteger wanted = BigInteger.valueOf(cost).multiply(period);
			boolean fits = held.compareTo(wanted) >= 0;
			if (fits) {
				held = held.subtract(wanted);
			}
			for (RateLimiter limiter : limiters) {
				Decision decision = limiter.decide(key, List.of(limit), cost);
				assertThat(decision.allowed()).as("step %d, cost %d, %s", step, cost, limiter).isEqualTo(fits);
				assertThat(decision.remaining()).as("step %d, %s", step, limiter)
					.isEqualTo(held.divide(period).longValueExact());
			}
			long pause = switch (random.nextInt(4)) {
				case 0 -> 1 + random.nextInt(10_000);
				case 1 -> random.nextLong(limit.periodMicros() / 20);
				case 2 -> 0;
				default -> random.nextLong(limit.periodMicros() / 500);
			};
			clock.advanceMicros(pause);
			held = held.add(BigInteger.valueOf(pause).multiply(BigInteger.valueOf(limit.limit()))).min(full);
		}
	}

	private static List<RateLimiter> limiters(TestClock clock) {
		return List.of(
				new RedisRateLimiter(new InjectedClockScripts(TestRedis.shared(), clock), new RedisKeys("rl-large:")),
				new LocalRateLimiter(clock, 1000));
	}

}

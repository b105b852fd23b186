package dev.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test: random limits, costs and pauses give identical decisions from the Lua
 * script (on a real Redis, clock injected) and from the local twin.
 */
class LuaAndLocalAgreementTests {

	private static final int SCENARIOS = 150;

	private static final int STEPS = 40;

	@Test
	void sameRequestsAtSameTimesGiveSameDecisions() {
		long baseSeed = Long.getLong("agreement.seed", System.nanoTime());
		for (int scenario = 0; scenario < SCENARIOS; scenario++) {
			long seed = baseSeed + scenario;
			runScenario(seed);
		}
	}

	private void runScenario(long seed) {
		Random random = new Random(seed);
		TestClock clock = new TestClock();
		LocalRateLimiter local = new LocalRateLimiter(clock, 1000);
		RedisRateLimiter lua = new RedisRateLimiter(new InjectedClockScripts(TestRedis.shared(), clock),
				new RedisKeys("rl-agree:"));
		List<LimitSpec> limits = randomLimits(random);
		String key = "k" + seed;
		for (int step = 0; step < STEPS; step++) {
			long cost = 1 + random.nextInt(3);
			Decision expected = local.decide(key, limits, cost);
			Decision actual = lua.decide(key, limits, cost);
			assertThat(actual).as("seed %d (-Dagreement.seed=%d), step %d, limits %s, cost %d", seed, seed, step,
					limits, cost).isEqualTo(expected);
			clock.advanceMicros(random.nextInt(4) == 0 ? 0 : random.nextLong(limits.get(0).periodMicros() / 2 + 1));
		}
	}

	private static List<LimitSpec> randomLimits(Random random) {
		List<LimitSpec> limits = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			long limit = 1 + random.nextInt(20);
			Duration period = Duration.ofNanos((1 + random.nextInt(5_000_000)) * 1000L);
			long burst = 1 + random.nextInt(12);
			limits.add(LimitSpec.of("l" + i, limit, period, burst));
		}
		return limits;
	}

}

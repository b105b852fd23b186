package dev.ratelimit.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test: random mixes of algorithms, limits, costs and pauses give identical
 * decisions from the Lua script (on a real Redis, clock injected) and from the local
 * twin, and so do leases, peeks at the standing in between, and resets. Pauses include
 * none at all (same-microsecond requests) and jumps landing exactly on a fixed window's
 * edge or a whole period (or one microsecond less) after earlier requests, where an
 * off-by-one would show. A second run draws from the extremes every algorithm accepts:
 * limits and bursts from 1 to 10^9 and periods from 1 ms to 366 days, where a product of
 * a count and a period no longer fits Lua's doubles and the script's exact arithmetic has
 * to hold. Settlements, which charge whether the cost fits or not, leave both in the same
 * debt; refunds of part or all of an earlier charge, in the windows it counted in, leave
 * both with the same units back. Two clients decided together give the same decisions
 * too, charged on both or on neither. A third run puts calendar periods in zones with and
 * without daylight-saving time beside other limits, jumping onto a window's end or a
 * microsecond before it.
 */
class LuaAndLocalAgreementTests {

	private static final int SCENARIOS = 200;

	private static final int STEPS = 40;

	@Test
	void sameRequestsAtSameTimesGiveSameDecisions() {
		long baseSeed = Long.getLong("agreement.seed", System.nanoTime());
		for (int scenario = 0; scenario < SCENARIOS; scenario++) {
			long seed = baseSeed + scenario;
			runScenario(seed, Draw.ORDINARY);
		}
	}

	@Test
	void sameDecisionsAtTheExtremes() {
		long baseSeed = Long.getLong("agreement.seed", System.nanoTime());
		for (int scenario = 0; scenario < SCENARIOS; scenario++) {
			long seed = baseSeed + scenario;
			runScenario(seed, Draw.EXTREME);
		}
	}

	@Test
	void sameDecisionsOnCalendarPeriods() {
		long baseSeed = Long.getLong("agreement.seed", System.nanoTime());
		for (int scenario = 0; scenario < SCENARIOS; scenario++) {
			long seed = baseSeed + scenario;
			runScenario(seed, Draw.CALENDAR);
		}
	}

	private void runScenario(long seed, Draw draw) {
		Random random = new Random(seed);
		TestClock clock = new TestClock();
		LocalRateLimiter local = new LocalRateLimiter(clock, 1000);
		RedisRateLimiter lua = new RedisRateLimiter(new InjectedClockScripts(TestRedis.shared(), clock),
				new RedisKeys("rl-agree:"), clock);
		boolean extreme = draw == Draw.EXTREME;
		List<LimitSpec> limits = switch (draw) {
			case ORDINARY -> randomLimits(random);
			case EXTREME -> extremeLimits(random);
			case CALENDAR -> calendarLimits(random, clock);
		};
		long smallestBurst = limits.stream().mapToLong(LimitSpec::burst).min().orElseThrow();
		String key = draw.name().charAt(0) + "" + seed;
		Decision charged = null;
		long chargedAt = 0;
		long chargedCost = 0;
		for (int step = 0; step < STEPS; step++) {
			long cost = extreme ? logUniform(random, smallestBurst) : 1 + random.nextInt(3);
			if (charged != null && random.nextInt(4) == 0) {
				// part or all of an earlier charge given back, in the windows it counted
				// in
				DecisionRequest refund = new DecisionRequest(key, limits, 1 + random.nextLong(chargedCost));
				Duration since = Duration.ofNanos((clock.nowMicros() - chargedAt) * 1000);
				assertThat(lua.refund(refund, charged, since))
					.as("refund of %d, seed %d, step %d, limits %s", refund.cost(), seed, step, limits)
					.isEqualTo(local.refund(refund, charged, since));
				charged = null;
				advance(clock, random, limits.get(random.nextInt(limits.size())));
				continue;
			}
			if (random.nextInt(4) == 0) {
				long size = extreme ? cost + logUniform(random, smallestBurst) : 1 + random.nextInt(8);
				assertThat(lua.lease(key, limits, cost, size))
					.as("lease of %d, seed %d, step %d, limits %s, cost %d", size, seed, step, limits, cost)
					.isEqualTo(local.lease(key, limits, cost, size));
				advance(clock, random, limits.get(random.nextInt(limits.size())));
				continue;
			}
			if (random.nextInt(6) == 0) {
				// a settlement, up to three bursts' worth: both go into the same debt
				DecisionRequest settled = new DecisionRequest(key, limits, 1 + random.nextLong(3 * smallestBurst));
				assertThat(lua.settle(settled)).as("settle, seed %d, step %d, limits %s", seed, step, limits)
					.isEqualTo(local.settle(settled));
				advance(clock, random, limits.get(random.nextInt(limits.size())));
				continue;
			}
			if (random.nextInt(5) == 0) {
				// two clients decided together: one call on the script, all-or-nothing on
				// both
				List<DecisionRequest> parts = List.of(new DecisionRequest(key, limits, cost),
						new DecisionRequest(key + "-b", limits, cost));
				if (parts.get(0).denialIfCostExceedsCapacity() == null) {
					assertThat(lua.evaluateAll(parts))
						.as("together, seed %d, step %d, limits %s, cost %d", seed, step, limits, cost)
						.isEqualTo(local.evaluateAll(parts));
					advance(clock, random, limits.get(random.nextInt(limits.size())));
					continue;
				}
			}
			Decision expected = local.decide(key, limits, cost);
			Decision actual = lua.decide(key, limits, cost);
			assertThat(actual)
				.as("seed %d (-Dagreement.seed=%d), step %d, limits %s, cost %d", seed, seed, step, limits, cost)
				.isEqualTo(expected);
			if (actual.allowed()) {
				charged = actual;
				chargedAt = clock.nowMicros();
				chargedCost = cost;
			}
			if (random.nextInt(5) == 0) {
				assertThat(lua.peek(key, limits)).as("peek, seed %d, step %d", seed, step)
					.isEqualTo(local.peek(key, limits));
			}
			if (random.nextInt(40) == 0) {
				local.reset(key, limits);
				lua.reset(key, limits);
			}
			advance(clock, random, limits.get(random.nextInt(limits.size())));
		}
	}

	private static void advance(TestClock clock, Random random, LimitSpec limit) {
		long period = limit.periodMicros();
		CalendarPeriod calendar = limit.calendar();
		if (calendar != null && random.nextInt(3) == 0) {
			// onto a calendar window's end, or a microsecond before it
			clock.advanceMicros(calendar.endMicros(clock.nowMicros()) - clock.nowMicros() - random.nextInt(2));
			return;
		}
		switch (random.nextInt(8)) {
			case 0 -> {
				// same microsecond
			}
			case 1 -> clock.advanceMicros(Math.floorMod(-clock.nowMicros(), period));
			case 2 -> clock.advanceMicros(period);
			case 3 -> clock.advanceMicros(period - 1);
			case 4 -> clock.advanceMicros(1 + random.nextInt(1000));
			default -> clock.advanceMicros(random.nextLong(period / 2 + 1));
		}
	}

	/**
	 * One to three limits of any algorithm, with limits, bursts and periods drawn
	 * log-uniformly over everything accepted, and the bounds themselves one time in four.
	 */
	private static List<LimitSpec> extremeLimits(Random random) {
		List<LimitSpec> limits = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		long longest = LimitSpec.MAX_PERIOD.toNanos() / 1000;
		for (int i = 0; i < count; i++) {
			Algorithm algorithm = Algorithm.values()[random.nextInt(Algorithm.values().length)];
			long largest = (algorithm == Algorithm.SLIDING_WINDOW_LOG) ? LimitSpec.MAX_LOG_ENTRIES
					: LimitSpec.MAX_UNITS;
			long limit = (random.nextInt(4) == 0) ? largest : logUniform(random, largest);
			long periodMicros = (random.nextInt(4) == 0) ? longest : 999 + logUniform(random, longest - 999);
			Duration period = Duration.ofNanos(periodMicros * 1000);
			long burst = limit;
			if (algorithm.hasBurst() && random.nextBoolean()) {
				burst = (random.nextInt(4) == 0) ? LimitSpec.MAX_UNITS : logUniform(random, LimitSpec.MAX_UNITS);
			}
			try {
				limits.add(new LimitSpec("l" + i, limit, period, burst, algorithm));
			}
			catch (IllegalArgumentException ex) {
				// a burst refilled only after a century: take the limit's own
				limits.add(new LimitSpec("l" + i, limit, period, limit, algorithm));
			}
		}
		return limits;
	}

	/**
	 * Return a number from 1 to {@code max}, its logarithm uniform.
	 */
	private static long logUniform(Random random, long max) {
		return Math.max(1, Math.min(max, (long) Math.exp(random.nextDouble() * Math.log(max + 1.0))));
	}

	/**
	 * A calendar period in a zone with or without daylight-saving time, beside up to two
	 * limits of any algorithm, starting a few hours before a change of the clocks or the
	 * turn of a year.
	 */
	private static List<LimitSpec> calendarLimits(Random random, TestClock clock) {
		List<String> starts = List.of("2027-03-27T20:00:00Z", "2027-10-30T19:00:00Z", "2027-12-31T18:00:00Z",
				"2028-02-28T21:00:00Z", "2027-04-03T00:00:00Z");
		clock.advanceTo(Instant.parse(starts.get(random.nextInt(starts.size()))).plusSeconds(random.nextInt(6 * 3600)));
		List<String> zones = List.of("UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
				"Pacific/Apia");
		CalendarPeriod.Unit unit = CalendarPeriod.Unit.values()[random.nextInt(CalendarPeriod.Unit.values().length)];
		List<LimitSpec> limits = new ArrayList<>();
		limits.add(LimitSpec.calendar("c", 1 + random.nextInt(20),
				new CalendarPeriod(unit, ZoneId.of(zones.get(random.nextInt(zones.size()))))));
		List<LimitSpec> others = randomLimits(random);
		limits.addAll(others.subList(0, Math.min(others.size(), random.nextInt(3))));
		return limits;
	}

	private static List<LimitSpec> randomLimits(Random random) {
		List<LimitSpec> limits = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			Algorithm algorithm = Algorithm.values()[random.nextInt(Algorithm.values().length)];
			long limit = 1 + random.nextInt(20);
			Duration period = Duration.ofNanos((1000 + random.nextInt(5_000_000)) * 1000L);
			long burst = algorithm.hasBurst() ? 1 + random.nextInt(12) : limit;
			limits.add(new LimitSpec("l" + i, limit, period, burst, algorithm));
		}
		return limits;
	}

	private enum Draw {

		ORDINARY, EXTREME, CALENDAR

	}

}

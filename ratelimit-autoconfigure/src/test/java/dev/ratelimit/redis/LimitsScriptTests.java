package dev.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Parallel;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code limits.lua} keeps in Redis, inspected on a real server with the clock
 * injected: unique log members, trimmed logs, one integer for GCRA, nothing written on a
 * denial.
 */
class LimitsScriptTests {

	private final RedisEndpoint redis = TestRedis.shared();

	private final TestClock clock = new TestClock();

	private final RedisRateLimiter limiter = new RedisRateLimiter(new InjectedClockScripts(this.redis, this.clock),
			new RedisKeys("rl-script:"));

	private final String key = "client-" + UUID.randomUUID();

	@Test
	void parallelRequestsInOneMicrosecondEachLogTheirOwnMember() throws Exception {
		LimitSpec login = LimitSpec.of("login", 100, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		assertThat(Parallel.count(150, 16, () -> this.limiter.decide(this.key, List.of(login), 1).allowed()))
			.isEqualTo(100);
		assertThat(call("ZCARD", stateKey("login"))).isEqualTo(100L);
		assertThat(call("ZCOUNT", stateKey("login"), "-inf", "+inf")).isEqualTo(100L);
		assertThat(call("ZRANGE", stateKey("login"), "0", "-1")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.doesNotHaveDuplicates();
	}

	@Test
	void costIsOneMemberCarryingItsWeight() {
		LimitSpec login = LimitSpec.of("login", 10, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		this.limiter.decide(this.key, List.of(login), 3);
		this.limiter.decide(this.key, List.of(login), 4);
		assertThat(call("ZRANGE", stateKey("login"), "0", "-1")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.containsExactly("a0:3", "a3:4");
		assertThat(call("ZSCORE", stateKey("login"), "a3:4")).isEqualTo(String.valueOf(this.clock.nowMicros()));
		Decision full = this.limiter.decide(this.key, List.of(login), 4);
		assertThat(full.allowed()).isFalse();
		assertThat(full.remaining()).isEqualTo(3);
		assertThat(this.limiter.decide(this.key, List.of(login), 3).remaining()).isZero();
	}

	@Test
	void aLeftoverMemberOfTheEarlierLayoutInFrontCountsRatherThanFailing() {
		LimitSpec login = LimitSpec.of("login", 10, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		long now = this.clock.nowMicros();
		// an earlier release's member (time and sequence digits) before one of this
		// layout
		call("ZADD", stateKey("login"), String.valueOf(now - 2_000_000), (now - 2_000_000) + "00");
		call("ZADD", stateKey("login"), String.valueOf(now - 1_000_000), "a0:2");
		call("PEXPIRE", stateKey("login"), "60000");
		Decision decision = this.limiter.decide(this.key, List.of(login), 1);
		assertThat(decision.allowed()).isTrue();
		// everything logged counts (2), the leftover's unknown units are not read as a
		// gap
		assertThat(decision.remaining()).isEqualTo(7);
	}

	@Test
	void costOfAThousandInALogOfTenThousandIsOneMember() {
		LimitSpec log = LimitSpec.of("log", 10_000, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_LOG);
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.decide(this.key, List.of(log), 1_000).allowed()).isTrue();
			this.clock.advance(Duration.ofMinutes(1));
		}
		assertThat(call("ZCARD", stateKey("log"))).isEqualTo(10L);
		Decision denied = this.limiter.decide(this.key, List.of(log), 1_500);
		assertThat(denied.allowed()).isFalse();
		// 1,500 units must leave: the admissions at 0 and 1 min, the second leaving at 61
		// min
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMinutes(51));
	}

	@Test
	void logDropsEntriesThatLeftTheWindow() {
		LimitSpec login = LimitSpec.of("login", 5, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		for (int i = 0; i < 5; i++) {
			this.limiter.decide(this.key, List.of(login), 1);
			this.clock.advance(Duration.ofSeconds(1));
		}
		// entries at 0 s .. 4 s; now 61.5 s: those at 0 s and 1 s have left the window
		this.clock.advance(Duration.ofMillis(56_500));
		assertThat(this.limiter.decide(this.key, List.of(login), 1).remaining()).isEqualTo(1);
		assertThat(call("ZCARD", stateKey("login"))).isEqualTo(4L);
	}

	@Test
	void gcraKeepsOneIntegerPerKey() {
		LimitSpec limit = new LimitSpec("per-minute", 60, Duration.ofMinutes(1), 10, Algorithm.GCRA);
		this.limiter.decide(this.key, List.of(limit), 3);
		assertThat(call("GET", stateKey("per-minute"))).isEqualTo(String.valueOf(this.clock.nowMicros() + 3_000_000));
		assertThat(call("OBJECT", "ENCODING", stateKey("per-minute"))).isEqualTo("int");
	}

	@Test
	void slidingWindowCounterOfAHundredThousandAnHourAdmitsEveryRequestInAFewBytes() {
		LimitSpec hourly = LimitSpec.of("hourly", 100_000, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_COUNTER);
		this.clock.advanceToNextMultipleOf(Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(59));
		int admitted = 0;
		for (int i = 0; i < 3_000; i++) {
			// across the hour's edge: 1,500 in its last minute, 1,500 in the next one's
			// first
			if (this.limiter.decide(this.key, List.of(hourly), 1).allowed()) {
				admitted++;
			}
			this.clock.advance(Duration.ofMillis(40));
		}
		assertThat(admitted).isEqualTo(3_000);
		long hour = (this.clock.nowMicros() - 1) / 3_600_000_000L;
		assertThat(call("GET", stateKey("hourly"))).isEqualTo(hour + ":1500:1500");
		LimitSpec tenRequests = LimitSpec.of("log", 10, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_LOG);
		for (int i = 0; i < 10; i++) {
			this.limiter.decide(this.key, List.of(tenRequests), 1);
		}
		// bytes differ between Redis versions; on every one, 3,000 requests in the
		// counter
		// take less than 10 in a log
		assertThat(memoryUsage(stateKey("hourly"))).isLessThan(memoryUsage(stateKey("log")));
	}

	@Test
	void fixedWindowKeepsTheWindowAndItsCount() {
		LimitSpec daily = LimitSpec.of("daily", 1000, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		this.limiter.decide(this.key, List.of(daily), 2);
		this.limiter.decide(this.key, List.of(daily), 5);
		long day = this.clock.nowMicros() / 86_400_000_000L;
		assertThat(call("GET", stateKey("daily"))).isEqualTo(day + ":7");
	}

	@Test
	void deniedRequestWritesNothingToAnyAlgorithmsKey() {
		List<LimitSpec> limits = new ArrayList<>();
		for (Algorithm algorithm : Algorithm.values()) {
			limits.add(LimitSpec.of(algorithm.id(), 10, Duration.ofMinutes(1), algorithm));
		}
		limits.add(LimitSpec.of("tight", 2, Duration.ofHours(1), Algorithm.FIXED_WINDOW));
		this.limiter.decide(this.key, limits, 2);
		this.clock.advance(Duration.ofSeconds(5));
		List<Object> before = dumps(limits);
		Decision denied = this.limiter.decide(this.key, limits, 1);
		assertThat(denied.allowed()).isFalse();
		assertThat(dumps(limits)).isEqualTo(before);
	}

	@Test
	void changingALimitsAlgorithmStartsItAfresh() {
		for (Algorithm algorithm : List.of(Algorithm.TOKEN_BUCKET, Algorithm.SLIDING_WINDOW_LOG, Algorithm.GCRA,
				Algorithm.SLIDING_WINDOW_LOG, Algorithm.FIXED_WINDOW, Algorithm.TOKEN_BUCKET)) {
			LimitSpec limit = LimitSpec.of("per-minute", 5, Duration.ofMinutes(1), algorithm);
			Decision decision = this.limiter.decide(this.key, List.of(limit), 2);
			assertThat(decision.allowed()).as(algorithm.id()).isTrue();
		}
		assertThat(call("TYPE", stateKey("per-minute"))).isEqualTo("string");
	}

	@Test
	void everyWrittenKeyHasATtl() {
		List<LimitSpec> limits = new ArrayList<>();
		for (Algorithm algorithm : Algorithm.values()) {
			limits.add(LimitSpec.of(algorithm.id(), 10, Duration.ofMinutes(1), algorithm));
		}
		this.limiter.decide(this.key, limits, 1);
		for (LimitSpec limit : limits) {
			assertThat((Long) call("PTTL", stateKey(limit.name()))).as(limit.name()).isPositive();
		}
	}

	@Test
	void peekReadsEveryAlgorithmAndWritesNothing() {
		List<LimitSpec> limits = new ArrayList<>();
		for (Algorithm algorithm : Algorithm.values()) {
			limits.add(LimitSpec.of(algorithm.id(), 10, Duration.ofMinutes(1), algorithm));
		}
		this.limiter.decide(this.key, limits, 3);
		List<Object> before = dumps(limits);
		Decision standing = this.limiter.peek(this.key, limits);
		assertThat(standing.allowed()).isTrue();
		assertThat(standing.outcomes()).extracting(LimitOutcome::remaining).containsOnly(7L);
		assertThat(dumps(limits)).isEqualTo(before);
		assertThat(this.limiter.peek("nobody-" + this.key, limits).outcomes()).extracting(LimitOutcome::remaining)
			.containsOnly(10L);
		assertThat(call("EXISTS", "rl-script:{nobody-" + this.key + "}:" + Algorithm.GCRA.id())).isEqualTo(0L);
	}

	@Test
	void resetDeletesTheGivenLimitsOnly() {
		LimitSpec login = LimitSpec.of("login", 2, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		LimitSpec daily = LimitSpec.of("daily", 10, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		this.limiter.decide(this.key, List.of(login, daily), 2);
		this.limiter.reset(this.key, List.of(login));
		assertThat(call("EXISTS", stateKey("login"))).isEqualTo(0L);
		Decision after = this.limiter.decide(this.key, List.of(login, daily), 1);
		assertThat(after.outcomes()).extracting(LimitOutcome::remaining).containsExactly(1L, 7L);
	}

	private List<Object> dumps(List<LimitSpec> limits) {
		return limits.stream().map((limit) -> call("DUMP", stateKey(limit.name()))).toList();
	}

	private String stateKey(String limit) {
		return "rl-script:{" + this.key + "}:" + limit;
	}

	private long memoryUsage(String key) {
		return (Long) call("MEMORY", "USAGE", key, "SAMPLES", "0");
	}

	private Object call(String... command) {
		return RedisCommands.call(this.redis, command);
	}

}

package dev.ratelimit.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code limits.lua}'s refund mode, per algorithm, on a real Redis with the clock
 * injected: units given back never make a limit more than full, a window gives back only
 * what was charged in it, and a sliding log gives nothing back.
 */
class RefundScriptTests {

	private final RedisEndpoint redis = TestRedis.shared();

	private final TestClock clock = new TestClock();

	private final RedisRateLimiter limiter = new RedisRateLimiter(new InjectedClockScripts(this.redis, this.clock),
			new RedisKeys("rl-refund:"), this.clock);

	private final String key = "client-" + UUID.randomUUID();

	@Test
	void aTokenBucketGetsItsUnitsBackAtMostToFull() {
		// one unit every 1/3 s: a fractional rate
		LimitSpec limit = LimitSpec.of("bucket", 3, Duration.ofSeconds(1));
		Decision charged = charge(limit, 3);
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).allowed()).isFalse();
		assertThat(refund(limit, 2, charged, Duration.ZERO).remaining()).isEqualTo(2);
		assertThat(this.limiter.decide(this.key, List.of(limit), 2).allowed()).isTrue();
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).allowed()).isFalse();
		// a second later the bucket is full again: giving back makes it no fuller
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(refund(limit, 3, charged, Duration.ofSeconds(1)).remaining()).isEqualTo(3);
		assertThat(call("EXISTS", stateKey("bucket"))).isEqualTo(0L);
		assertThat(this.limiter.decide(this.key, List.of(limit), 3).allowed()).isTrue();
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).allowed()).isFalse();
	}

	@Test
	void aGcraScheduleMovesBackByTheUnitsIntervals() {
		LimitSpec limit = LimitSpec.of("gcra", 10, Duration.ofSeconds(10), Algorithm.GCRA);
		Decision charged = charge(limit, 4);
		long now = this.clock.nowMicros();
		assertThat(call("GET", stateKey("gcra"))).isEqualTo(String.valueOf(now + 4_000_000));
		this.clock.advance(Duration.ofMillis(500));
		assertThat(refund(limit, 3, charged, Duration.ofMillis(500)).remaining()).isEqualTo(9);
		assertThat(call("GET", stateKey("gcra"))).isEqualTo(String.valueOf(now + 1_000_000));
		// more than is owed: full, and the key is gone
		assertThat(refund(limit, 2, charged, Duration.ofMillis(500)).remaining()).isEqualTo(10);
		assertThat(call("EXISTS", stateKey("gcra"))).isEqualTo(0L);
	}

	@Test
	void aFixedWindowGivesBackInTheWindowChargedOnly() {
		LimitSpec limit = LimitSpec.of("window", 5, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);
		this.clock.advanceToNextMultipleOf(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(50));
		Decision charged = charge(limit, 5);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(refund(limit, 2, charged, Duration.ofSeconds(5)).remaining()).isEqualTo(2);
		// never below zero
		assertThat(refund(limit, 4, charged, Duration.ofSeconds(5)).remaining()).isEqualTo(5);
		Decision again = charge(limit, 1);
		// the next window: the charge of the one before gives nothing back in it
		this.clock.advance(Duration.ofSeconds(10));
		charge(limit, 3);
		assertThat(refund(limit, 1, again, Duration.ofSeconds(10)).remaining()).isEqualTo(2);
	}

	@Test
	void aCalendarWindowGivesBackInTheWindowChargedOnly() {
		LimitSpec limit = LimitSpec.calendar("day", 4,
				new CalendarPeriod(CalendarPeriod.Unit.DAY, ZoneId.of("Europe/Berlin")));
		// 23:59:50 in Berlin
		this.clock.advanceTo(Instant.parse("2027-06-30T21:59:50Z"));
		Decision charged = charge(limit, 3);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(refund(limit, 1, charged, Duration.ofSeconds(5)).remaining()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(10));
		charge(limit, 4);
		assertThat(refund(limit, 2, charged, Duration.ofSeconds(15)).remaining()).isZero();
	}

	@Test
	void aSlidingCounterGivesBackInTheWindowChargedWhileItWeighs() {
		LimitSpec limit = LimitSpec.of("counter", 10, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_COUNTER);
		this.clock.advanceToNextMultipleOf(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(30));
		Decision charged = charge(limit, 10);
		// the next window, half way through: the previous window's 10 weigh 5
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.limiter.peek(this.key, List.of(limit)).remaining()).isEqualTo(5);
		long window = this.clock.nowMicros() / 60_000_000L;
		// 6 left, weighing 3
		assertThat(refund(limit, 4, charged, Duration.ofSeconds(60)).remaining()).isEqualTo(7);
		assertThat(call("GET", stateKey("counter"))).isEqualTo((window - 1) + ":0:6");
		Decision current = charge(limit, 2);
		assertThat(refund(limit, 2, current, Duration.ZERO).remaining()).isEqualTo(7);
		// two windows on, nothing of the first charge weighs any more, nor is given back
		this.clock.advance(Duration.ofSeconds(60));
		charge(limit, 1);
		assertThat(refund(limit, 5, charged, Duration.ofSeconds(120)).remaining()).isEqualTo(9);
	}

	@Test
	void aSlidingLogGivesNothingBack() {
		LimitSpec limit = LimitSpec.of("log", 5, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		Decision charged = charge(limit, 3);
		assertThat(refund(limit, 3, charged, Duration.ZERO).remaining()).isEqualTo(2);
		assertThat(call("ZCARD", stateKey("log"))).isEqualTo(1L);
	}

	private Decision charge(LimitSpec limit, long cost) {
		Decision decision = this.limiter.decide(this.key, List.of(limit), cost);
		assertThat(decision.allowed()).isTrue();
		return decision;
	}

	private Decision refund(LimitSpec limit, long units, Decision charged, Duration since) {
		return this.limiter.refund(new DecisionRequest(this.key, List.of(limit), units), charged, since);
	}

	private String stateKey(String limit) {
		return "rl-refund:{" + this.key + "}:" + limit;
	}

	private Object call(String... command) {
		return RedisCommands.call(this.redis, command);
	}

}

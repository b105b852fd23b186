package dev.ratelimit.core;

import java.time.Duration;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LimitSpecTests {

	@Test
	void rejectsNonPositiveLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 0, Duration.ofSeconds(1)))
			.withMessage("Limit 'x': limit must be from 1 to 1000000000 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1_000_000_001, Duration.ofDays(1)))
			.withMessage("Limit 'x': limit must be from 1 to 1000000000 but was 1000000001");
	}

	@Test
	void rejectsNonPositivePeriod() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ZERO))
			.withMessage("Limit 'x': period must be from 1ms to 366d but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofSeconds(-1)))
			.withMessageContaining("period must be from 1ms to 366d but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofDays(367)))
			.withMessageContaining("period must be from 1ms to 366d but was PT8808H");
	}

	@Test
	void rejectsBurstBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofSeconds(1), 0))
			.withMessage("Limit 'x': burst must be from 1 to 1000000000 but was 0");
	}

	@Test
	void acceptsEveryLimitAndBurstUpToABillionOverAnyPeriodUpTo366Days() {
		for (Algorithm algorithm : Algorithm.values()) {
			long largest = (algorithm == Algorithm.SLIDING_WINDOW_LOG) ? LimitSpec.MAX_LOG_ENTRIES
					: LimitSpec.MAX_UNITS;
			for (Duration period : new Duration[] { Duration.ofMillis(1), Duration.ofDays(1), Duration.ofDays(30),
					Duration.ofDays(366) }) {
				for (long limit : new long[] { 1, 5_000, largest }) {
					assertThat(LimitSpec.of("x", limit, period, algorithm).limit()).isEqualTo(limit);
				}
			}
		}
		assertThat(LimitSpec.of("x", 1_000_000, Duration.ofDays(1)).emissionInterval())
			.isEqualTo(new FractionalMicros(86_400, 0, 1));
		assertThat(LimitSpec.of("x", 7, Duration.ofMinutes(1)).emissionInterval())
			.isEqualTo(new FractionalMicros(8_571_428, 4, 7));
	}

	@Test
	void rejectsABurstThatWouldTakeMoreThanACenturyToRefill() {
		assertThat(LimitSpec.of("x", 1, Duration.ofDays(365), 100).burst()).isEqualTo(100);
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofDays(366), 100))
			.withMessage("Limit 'x': burst 100 at 1 per PT8784H takes more than 100 years to refill");
	}

	@Test
	void rejectsASlidingLogAboveTenThousandEntriesPointingToTheCounter() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimitSpec.of("hourly", 100_000, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_LOG))
			.withMessage("Limit 'hourly': sliding-window-log keeps one entry per admission, so its limit must be at "
					+ "most 10000 but was 100000; use sliding-window-counter for larger limits (constant memory per "
					+ "client)");
		assertThat(LimitSpec.of("hourly", 100_000, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_COUNTER).limit())
			.isEqualTo(100_000);
	}

	@Test
	void windowIsTheTimeToFillAnEmptyBucket() {
		assertThat(LimitSpec.of("m", 60, Duration.ofMinutes(1)).windowSeconds()).isEqualTo(60);
		assertThat(LimitSpec.of("m", 600, Duration.ofMinutes(1), 1000).windowSeconds()).isEqualTo(100);
		assertThat(LimitSpec.of("m", 1000, Duration.ofMillis(1), 1).windowSeconds()).isEqualTo(1);
	}

	@Test
	void windowOfTheWindowAlgorithmsIsTheirPeriod() {
		assertThat(LimitSpec.of("login", 5, Duration.ofMinutes(15), Algorithm.SLIDING_WINDOW_LOG).windowSeconds())
			.isEqualTo(900);
		assertThat(LimitSpec.of("daily", 1000, Duration.ofDays(1), Algorithm.FIXED_WINDOW).windowSeconds())
			.isEqualTo(86_400);
		assertThat(LimitSpec.of("fast", 5, Duration.ofMillis(10), Algorithm.FIXED_WINDOW).windowSeconds()).isEqualTo(1);
	}

	@Test
	void windowOfGcraIsTheTimeToRefillItsBurstAtTheRoundedUpInterval() {
		assertThat(new LimitSpec("m", 60, Duration.ofMinutes(1), 5, Algorithm.GCRA).windowSeconds()).isEqualTo(5);
		// 7 per minute: one unit every 8.571429 s, so 7 take 60.000003 s
		assertThat(LimitSpec.of("m", 7, Duration.ofMinutes(1), Algorithm.GCRA).windowSeconds()).isEqualTo(61);
		assertThat(LimitSpec.of("m", 7, Duration.ofMinutes(1)).windowSeconds()).isEqualTo(60);
	}

	@Test
	void windowAlgorithmsRejectABurstOtherThanTheLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LimitSpec("login", 5, Duration.ofMinutes(1), 10, Algorithm.SLIDING_WINDOW_LOG))
			.withMessage("Limit 'login': sliding-window-log admits exactly 5 per window, so burst must equal the "
					+ "limit but was 10");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LimitSpec("daily", 1000, Duration.ofDays(1), 1, Algorithm.FIXED_WINDOW))
			.withMessageContaining("fixed-window admits exactly 1000 per window");
		assertThat(new LimitSpec("m", 60, Duration.ofMinutes(1), 5, Algorithm.GCRA).burst()).isEqualTo(5);
	}

	@Test
	void leaseIsOffUnlessAsked() {
		assertThat(LimitSpec.of("x", 10, Duration.ofSeconds(1)).lease()).isZero();
		assertThat(new LimitSpec("x", 10, Duration.ofSeconds(1), 10, Algorithm.GCRA).lease()).isZero();
	}

	@Test
	void onlyTheBucketAlgorithmsLease() {
		assertThat(LimitSpec.of("x", 10, Duration.ofSeconds(1)).withLease(5).lease()).isEqualTo(5);
		assertThat(LimitSpec.of("x", 10, Duration.ofSeconds(1), Algorithm.GCRA).withLease(5).lease()).isEqualTo(5);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimitSpec.of("x", 10, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW).withLease(5))
			.withMessageContaining("only token-bucket and gcra limits can lease");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimitSpec.of("x", 10, Duration.ofSeconds(1), Algorithm.SLIDING_WINDOW_LOG).withLease(5))
			.withMessageContaining("only token-bucket and gcra limits can lease");
	}

	@Test
	void leaseIsAtMostTheBurst() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimitSpec.of("x", 100, Duration.ofSeconds(1), 10).withLease(11))
			.withMessage("Limit 'x': lease must be at most the burst (10) but was 11");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimitSpec.of("x", 100, Duration.ofSeconds(1), 10).withLease(-1))
			.withMessage("Limit 'x': lease must be at least 0 but was -1");
	}

	@Test
	void leaseTtlIsThePeriodUnlessGivenAndOnlyComesWithALease() {
		LimitSpec limit = LimitSpec.of("x", 100, Duration.ofSeconds(1), 10);
		assertThat(limit.leaseTtl()).isZero();
		assertThat(limit.withLease(5).leaseTtl()).isEqualTo(Duration.ofSeconds(1));
		assertThat(limit.withLease(5, Duration.ofMillis(10)).leaseTtl()).isEqualTo(Duration.ofMillis(10));
		assertThatIllegalArgumentException().isThrownBy(() -> limit.withLease(5, Duration.ofNanos(999_999)))
			.withMessageContaining("lease TTL must be at least 1ms");
		assertThatIllegalArgumentException().isThrownBy(() -> limit.withLease(0, Duration.ofSeconds(1)))
			.withMessageContaining("lease TTL applies only to a limit that leases");
	}

	@Test
	void calendarPeriodIsAFixedWindowOfItsLongestWindow() {
		CalendarPeriod month = new CalendarPeriod(CalendarPeriod.Unit.MONTH, ZoneOffset.UTC);
		LimitSpec monthly = LimitSpec.calendar("monthly", 100, month);
		assertThat(monthly.algorithm()).isEqualTo(Algorithm.FIXED_WINDOW);
		assertThat(monthly.period()).isEqualTo(Duration.ofDays(31).plusHours(2));
		assertThat(monthly.withLease(0).calendar()).isEqualTo(month);
		assertThatExceptionOfType(InvalidLimitException.class)
			.isThrownBy(() -> new LimitSpec("monthly", 100, month.longest(), 100, Algorithm.SLIDING_WINDOW_COUNTER, 0,
					Duration.ZERO, month))
			.satisfies((ex) -> assertThat(ex.component()).isEqualTo("algorithm"))
			.withMessageContaining("must be fixed-window but was sliding-window-counter");
		assertThatExceptionOfType(InvalidLimitException.class)
			.isThrownBy(() -> new LimitSpec("monthly", 100, Duration.ofDays(30), 100, Algorithm.FIXED_WINDOW, 0,
					Duration.ZERO, month))
			.satisfies((ex) -> assertThat(ex.component()).isEqualTo("period"));
	}

}

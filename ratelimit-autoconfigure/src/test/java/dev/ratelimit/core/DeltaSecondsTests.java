package dev.ratelimit.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one rounding of waits to the whole seconds of the HTTP fields: up, so that no
 * client is told to come back before the limit has room.
 */
class DeltaSecondsTests {

	@Test
	void noWaitIsZeroSeconds() {
		assertThat(DeltaSeconds.of(Duration.ZERO)).isZero();
		assertThat(DeltaSeconds.ofMicros(0)).isZero();
	}

	@Test
	void partOfASecondIsOneSecond() {
		assertThat(DeltaSeconds.of(Duration.ofMillis(999))).isEqualTo(1);
		assertThat(DeltaSeconds.of(Duration.ofNanos(1))).isEqualTo(1);
		assertThat(DeltaSeconds.ofMicros(999_000)).isEqualTo(1);
	}

	@Test
	void aWholeSecondStaysOneSecond() {
		assertThat(DeltaSeconds.of(Duration.ofMillis(1000))).isEqualTo(1);
		assertThat(DeltaSeconds.ofMicros(1_000_000)).isEqualTo(1);
	}

	@Test
	void justBeyondASecondIsTwoSeconds() {
		assertThat(DeltaSeconds.of(Duration.ofMillis(1001))).isEqualTo(2);
		assertThat(DeltaSeconds.ofMicros(1_001_000)).isEqualTo(2);
	}

	@Test
	void theWindowOfALimitIsRoundedTheSameWay() {
		assertThat(LimitSpec.of("fast", 1000, Duration.ofMillis(999), Algorithm.FIXED_WINDOW).windowSeconds())
			.isEqualTo(1);
		assertThat(LimitSpec.of("slow", 1000, Duration.ofMillis(1001), Algorithm.FIXED_WINDOW).windowSeconds())
			.isEqualTo(2);
	}

}

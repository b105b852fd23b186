package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leasing's part of the contract: a lease takes the most every limit can give, up to its
 * size and at least the cost, from all limits at once, or nothing.
 */
public interface LeaseContract extends RateLimiterFixture {

	default LeaseGrant lease(long cost, long size, LimitSpec... limits) {
		return limiter().lease(key(), List.of(limits), cost, size);
	}

	@Test
	default void leaseTakesItsSizeWhenEveryLimitHasIt() {
		LimitSpec limit = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 20);
		LeaseGrant grant = lease(1, 10, limit);
		assertThat(grant.allowed()).isTrue();
		assertThat(grant.granted()).isEqualTo(10);
		assertThat(grant.decision().remaining()).isEqualTo(10);
		assertThat(grant.decision().resetAfter()).isEqualTo(Duration.ofSeconds(10));
		assertThat(decide(1, limit).remaining()).isEqualTo(9);
	}

	@Test
	default void leaseTakesWhatIsLeftButNeverLessThanTheCost() {
		LimitSpec limit = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 20);
		assertThat(decide(15, limit).remaining()).isEqualTo(5);
		LeaseGrant rest = lease(2, 10, limit);
		assertThat(rest.granted()).isEqualTo(5);
		assertThat(rest.decision().remaining()).isZero();
		LeaseGrant none = lease(1, 10, limit);
		assertThat(none.allowed()).isFalse();
		assertThat(none.granted()).isZero();
		assertThat(none.decision().retryAfter()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	default void leaseIsChargedToEveryLimitOrToNone() {
		LimitSpec perSecond = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		LimitSpec perDay = LimitSpec.of("per-day", 6, Duration.ofDays(1));
		LeaseGrant grant = lease(1, 10, perSecond, perDay);
		assertThat(grant.granted()).isEqualTo(6);
		assertThat(grant.decision().outcomes()).extracting(LimitOutcome::remaining).containsExactly(4L, 0L);
		LeaseGrant denied = lease(1, 10, perSecond, perDay);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.decision().deciding().spec()).isEqualTo(perDay);
		assertThat(denied.decision().outcomes().get(0).remaining()).isEqualTo(4);
	}

	@Test
	default void gcraLeasesWholeIntervals() {
		LimitSpec limit = new LimitSpec("per-minute", 60, Duration.ofMinutes(1), 20, Algorithm.GCRA);
		LeaseGrant grant = lease(3, 8, limit);
		assertThat(grant.granted()).isEqualTo(8);
		assertThat(grant.decision().remaining()).isEqualTo(12);
		assertThat(grant.decision().resetAfter()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	default void sizeBelowTheCostTakesTheCost() {
		LimitSpec limit = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 20);
		assertThat(lease(4, 1, limit).granted()).isEqualTo(4);
	}

	@Test
	default void costAboveTheBurstIsDeniedAndTakesNothing() {
		LimitSpec limit = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 20);
		LeaseGrant grant = lease(21, 30, limit);
		assertThat(grant.decision().reason()).isEqualTo(Decision.Reason.COST_EXCEEDS_CAPACITY);
		assertThat(grant.granted()).isZero();
		assertThat(decide(1, limit).remaining()).isEqualTo(19);
	}

}

package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refund gives back only what of the charge a bucket has not refilled since: units
 * refilled may have been spent by the client's later requests, and giving them back would
 * admit more than the limit.
 */
class RefundableUnitsTests {

	private final TestClock clock = new TestClock();

	private final LocalRateLimitGuard guard = new LocalRateLimitGuard(new LocalRateLimiter(this.clock, 100));

	private static Tier tier(Algorithm algorithm) {
		return TestTiers.of("tokens", List.of(LimitSpec.of("per-minute", 1000, Duration.ofMinutes(1), algorithm)),
				FailurePolicy.LOCAL);
	}

	@Test
	void unitsABucketRefilledAndTheClientSpentAgainAreNotGivenBack() {
		for (Algorithm algorithm : List.of(Algorithm.TOKEN_BUCKET, Algorithm.GCRA)) {
			Tier tier = tier(algorithm);
			String key = "client-" + algorithm.id();
			// a long request is charged 500 of a full bucket: 30 s to refill them
			Verdict charged = this.guard.decide(key, tier, 500);
			assertThat(charged.decision().allowed()).isTrue();
			this.clock.advance(Duration.ofSeconds(30));
			// the bucket is full again, and the client spends it all meanwhile
			assertThat(this.guard.decide(key, tier, 1000).decision().allowed()).isTrue();
			// the long request's response says it cost nothing: none of it is left to
			// give, so it owes what it was charged
			assertThat(RefundableUnits.of(charged.decision(), Duration.ofSeconds(30), 500)).isZero();
			this.guard.settleResponse(key, tier, charged, 500, owed(charged, 500, 0, Duration.ofSeconds(30)),
					Duration.ofSeconds(30));
			assertThat(this.guard.decide(key, tier, 1).decision().allowed()).as(algorithm.id()).isFalse();
		}
	}

	@Test
	void unitsStillMissingFromTheBucketAreGivenBack() {
		Tier tier = tier(Algorithm.TOKEN_BUCKET);
		Verdict charged = this.guard.decide("client", tier, 500);
		this.clock.advance(Duration.ofSeconds(15));
		// 250 of the 500 refilled in 15 s; the other 250 come back
		assertThat(RefundableUnits.of(charged.decision(), Duration.ofSeconds(15), 500)).isEqualTo(250);
		this.guard.settleResponse("client", tier, charged, 500, owed(charged, 500, 0, Duration.ofSeconds(15)),
				Duration.ofSeconds(15));
		assertThat(this.guard.decide("client", tier, 1000).decision().allowed()).isTrue();
		assertThat(this.guard.decide("client", tier, 1).decision().allowed()).isFalse();
	}

	/**
	 * Return what a request owes once the refund is capped, as the web layer's settlement
	 * hands it to the guard.
	 */
	private static long owed(Verdict charged, long units, long owed, Duration since) {
		return units - RefundableUnits.of(charged.decision(), since, units - owed);
	}

	@Test
	void windowsAreNotCappedHere() {
		Tier tier = TestTiers.of("login",
				List.of(LimitSpec.of("per-minute", 5, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW)),
				FailurePolicy.LOCAL);
		Verdict charged = this.guard.decide("client", tier, 1);
		assertThat(RefundableUnits.of(charged.decision(), Duration.ofSeconds(59), 1)).isEqualTo(1);
	}

}

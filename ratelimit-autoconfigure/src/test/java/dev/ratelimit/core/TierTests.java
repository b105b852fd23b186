package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TierTests {

	@Test
	void tiersNeitherLeaseNorCacheDenialsUnlessAsked() {
		Tier tier = TestTiers.of("free", List.of(LimitSpec.of("per-minute", 60, Duration.ofMinutes(1))));
		assertThat(tier.denyCache()).isFalse();
		assertThat(tier.leaseSize()).isZero();
		assertThat(tier.leaseLifetime()).isZero();
	}

	@Test
	void oneLeaseIsTakenFromAllLimitsSoItsSizeIsTheSmallest() {
		Tier tier = TestTiers.of("hot", List.of(LimitSpec.of("per-second", 100, Duration.ofSeconds(1)).withLease(20),
				LimitSpec.of("per-day", 10_000, Duration.ofDays(1)).withLease(10)));
		assertThat(tier.leaseSize()).isEqualTo(10);
	}

	@Test
	void leaseLivesTheShortestTtlOfTheLimitsByDefaultTheirPeriod() {
		Tier tier = TestTiers.of("hot", List.of(LimitSpec.of("per-second", 100, Duration.ofSeconds(1)).withLease(10),
				LimitSpec.of("per-minute", 600, Duration.ofMinutes(1)).withLease(10)));
		assertThat(tier.leaseLifetime()).isEqualTo(Duration.ofSeconds(1));
		Tier shorter = TestTiers.of("hot",
				List.of(LimitSpec.of("per-second", 100, Duration.ofSeconds(1)).withLease(10, Duration.ofMillis(250)),
						LimitSpec.of("per-minute", 600, Duration.ofMinutes(1)).withLease(10)));
		assertThat(shorter.leaseLifetime()).isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void aTierChecksItsLimitNamesOnceSoThatNoDecisionChecksThemAgain() {
		LimitSpec perSecond = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(
				() -> TestTiers.of("free", List.of(perSecond, LimitSpec.of("per-second", 5, Duration.ofSeconds(1)))))
			.withMessageContaining("'per-second' repeats");
		// what a tier checked is trusted: a request of its limits builds no set of names
		assertThat(new DecisionRequest("free:k", List.of(perSecond), 1).limits()).containsExactly(perSecond);
	}

	@Test
	void eitherEveryLimitLeasesOrNoneDoes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestTiers.of("mixed",
					List.of(LimitSpec.of("a", 10, Duration.ofSeconds(1)).withLease(5),
							LimitSpec.of("b", 10, Duration.ofDays(1)))))
			.withMessage("Tier 'mixed': limit 'b' must lease too, since limit 'a' leases: a lease is charged to "
					+ "every limit of the tier at once, so either all of them lease or none does")
			.satisfies((ex) -> assertThat(((InvalidLimitException) ex).limit()).isEqualTo("b"));
	}

}

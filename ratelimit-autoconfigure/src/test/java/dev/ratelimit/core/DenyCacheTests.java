package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DenyCacheTests {

	private final TestClock clock = new TestClock();

	private final LocalRateLimiter store = new LocalRateLimiter(this.clock, 1000);

	private final DenyCache cache = new DenyCache(this.clock, 1000, Runnable::run);

	private final Tier tier = new Tier("free", List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1))),
			FailurePolicy.FAIL_OPEN, false, true, false);

	@Test
	void denialIsRepeatedUntilItsRetryDelayHasPassed() {
		Decision denial = exhaustAndDeny("k", 1);
		assertThat(denial.retryAfter()).isEqualTo(Duration.ofSeconds(6));
		assertThat(this.cache.find("k", this.tier, 1)).isEqualTo(denial);
		this.clock.advanceMicros(5_999_999);
		assertThat(this.cache.find("k", this.tier, 1).retryAfter()).isEqualTo(Duration.ofNanos(1000));
		this.clock.advanceMicros(1);
		assertThat(this.cache.find("k", this.tier, 1)).isNull();
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void waitsCountDownAsTheStoresWouldAndUnitsStay() {
		exhaustAndDeny("k", 1);
		this.clock.advance(Duration.ofSeconds(2));
		Decision cached = this.cache.find("k", this.tier, 1);
		assertThat(cached).isEqualTo(this.store.decide("k", this.tier.limits(), 1));
		assertThat(cached.allowed()).isFalse();
		assertThat(cached.remaining()).isZero();
		assertThat(cached.retryAfter()).isEqualTo(Duration.ofSeconds(4));
		assertThat(cached.resetAfter()).isEqualTo(Duration.ofSeconds(58));
	}

	@Test
	void denialStandsForTheSameOrAHigherCostOnly() {
		this.store.decide("k", this.tier.limits(), 7);
		long asked = this.cache.now();
		this.cache.remember("k", this.tier, 5, this.store.decide("k", this.tier.limits(), 5), asked);
		assertThat(this.cache.find("k", this.tier, 5)).isNotNull();
		assertThat(this.cache.find("k", this.tier, 9)).isNotNull();
		assertThat(this.cache.find("k", this.tier, 3)).isNull();
	}

	@Test
	void otherKeysAndTiersAreNotAnswered() {
		exhaustAndDeny("k", 1);
		Tier other = new Tier("paid", this.tier.limits(), FailurePolicy.FAIL_OPEN, false, true, false);
		assertThat(this.cache.find("k", other, 1)).isNull();
		assertThat(this.cache.find("j", this.tier, 1)).isNull();
	}

	@Test
	void onlyDenialsThatAWaitLiftsAreRemembered() {
		long asked = this.cache.now();
		this.cache.remember("allowed", this.tier, 1, this.store.decide("allowed", this.tier.limits(), 1), asked);
		this.cache.remember("never", this.tier, 11, this.store.decide("never", this.tier.limits(), 11), asked);
		assertThat(this.cache.size()).isZero();
	}

	@Test
	void forgottenDenialIsNoLongerRepeated() {
		exhaustAndDeny("k", 1);
		this.cache.forget("k");
		assertThat(this.cache.find("k", this.tier, 1)).isNull();
	}

	@Test
	void memoryStaysBoundedAndLapsedDenialsExpire() {
		DenyCache small = new DenyCache(this.clock, 100, Runnable::run);
		Decision denial = exhaustAndDeny("k", 1);
		for (int i = 0; i < 1000; i++) {
			small.remember("key-" + i, this.tier, 1, denial, this.cache.now());
			assertThat(small.size()).isLessThanOrEqualTo(100);
		}
		this.clock.advance(Duration.ofSeconds(6));
		small.remember("fresh", this.tier, 1, denial, this.cache.now());
		assertThat(small.size()).isEqualTo(1);
		assertThat(small.find("fresh", this.tier, 1)).isNotNull();
	}

	private Decision exhaustAndDeny(String key, long cost) {
		while (this.store.decide(key, this.tier.limits(), cost).allowed()) {
			// drain the bucket
		}
		long asked = this.cache.now();
		Decision denial = this.store.decide(key, this.tier.limits(), cost);
		this.cache.remember(key, this.tier, cost, denial, asked);
		return denial;
	}

}

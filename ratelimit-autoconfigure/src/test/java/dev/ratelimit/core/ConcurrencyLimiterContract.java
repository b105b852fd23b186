package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ConcurrencyLimiter} promises, run against each store: permits up to
 * the limit, released once, renewed only while held, and lapsing after the maximum
 * duration when not renewed.
 */
public abstract class ConcurrencyLimiterContract {

	private final String key = "client-" + UUID.randomUUID();

	/**
	 * Return the store under test.
	 * @return the store
	 */
	protected abstract ConcurrencyLimiter limiter();

	/**
	 * Let time pass on the store's clock: at least the given duration.
	 * @param duration the duration
	 */
	protected abstract void pass(Duration duration);

	/**
	 * Return the shortest maximum duration the store's clock can be moved past in a test.
	 * @return the duration
	 */
	protected Duration maxDuration() {
		return Duration.ofMillis(600);
	}

	@Test
	void grantsPermitsUpToTheLimitThenDenies() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 3, Duration.ofMinutes(1));
		for (int i = 1; i <= 3; i++) {
			PermitDecision granted = limiter().acquire(this.key, limit, "p" + i);
			assertThat(granted.allowed()).isTrue();
			assertThat(granted.inFlight()).isEqualTo(i);
			assertThat(granted.remaining()).isEqualTo(3 - i);
		}
		PermitDecision denied = limiter().acquire(this.key, limit, "p4");
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.inFlight()).isEqualTo(3);
		assertThat(denied.remaining()).isZero();
	}

	@Test
	void aReleasedPermitFreesItsPlaceOnce() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 2, Duration.ofMinutes(1));
		limiter().acquire(this.key, limit, "a");
		limiter().acquire(this.key, limit, "b");
		limiter().release(this.key, limit, "a");
		limiter().release(this.key, limit, "a");
		assertThat(limiter().acquire(this.key, limit, "c").allowed()).isTrue();
		assertThat(limiter().acquire(this.key, limit, "d").allowed()).isFalse();
	}

	@Test
	void limitsAndClientsCountApart() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 1, Duration.ofMinutes(1));
		ConcurrencyLimit other = new ConcurrencyLimit("exports", 1, Duration.ofMinutes(1));
		assertThat(limiter().acquire(this.key, limit, "a").allowed()).isTrue();
		assertThat(limiter().acquire(this.key, other, "b").allowed()).isTrue();
		assertThat(limiter().acquire(this.key + "-other", limit, "c").allowed()).isTrue();
		assertThat(limiter().acquire(this.key, limit, "d").allowed()).isFalse();
	}

	@Test
	void aPermitNotRenewedLapsesAfterTheMaximumDuration() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 1, maxDuration());
		assertThat(limiter().acquire(this.key, limit, "held").allowed()).isTrue();
		assertThat(limiter().acquire(this.key, limit, "next").allowed()).isFalse();
		pass(maxDuration().plusMillis(50));
		assertThat(limiter().acquire(this.key, limit, "next").allowed()).isTrue();
	}

	@Test
	void aRenewedPermitOutlivesTheMaximumDuration() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 1, maxDuration());
		limiter().acquire(this.key, limit, "held");
		for (int i = 0; i < 4; i++) {
			pass(maxDuration().dividedBy(3));
			limiter().renew(List.of(new Permit(this.key, "tier", limit, "held", false)));
		}
		assertThat(limiter().acquire(this.key, limit, "next").allowed()).isFalse();
	}

	@Test
	void renewingAReleasedPermitDoesNotBringItBack() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 1, Duration.ofMinutes(1));
		limiter().acquire(this.key, limit, "held");
		limiter().release(this.key, limit, "held");
		limiter().renew(List.of(new Permit(this.key, "tier", limit, "held", false)));
		assertThat(limiter().acquire(this.key, limit, "next").allowed()).isTrue();
	}

}

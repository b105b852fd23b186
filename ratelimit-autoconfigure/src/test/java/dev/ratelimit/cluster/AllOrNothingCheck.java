package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compound case: a client under 3 per second and 8 per day at once, where a request
 * the first limit denies must consume nothing from the second.
 */
final class AllOrNothingCheck {

	static final LimitSpec PER_SECOND = LimitSpec.of("per-second", 3, Duration.ofSeconds(1));

	static final LimitSpec PER_DAY = LimitSpec.of("per-day", 8, Duration.ofDays(1));

	private AllOrNothingCheck() {
	}

	/**
	 * Send 20 requests back to back and check after each one that the daily limit was
	 * charged for the admitted requests only, however many the per-second limit let
	 * through while it refilled.
	 * @param limiter the limiter
	 * @param client the client key
	 */
	static void assertDeniedRequestsConsumeNothing(RateLimiter limiter, String client) {
		int admitted = 0;
		int denied = 0;
		for (int i = 0; i < 20; i++) {
			Decision decision = limiter.decide(client, List.of(PER_SECOND, PER_DAY), 1);
			if (decision.allowed()) {
				admitted++;
			}
			else {
				denied++;
				assertThat(decision.deciding().spec()).isEqualTo(PER_SECOND);
			}
			assertThat(decision.outcomes().get(1).remaining()).as("per-day remaining after %d admitted", admitted)
				.isEqualTo(8 - admitted);
		}
		assertThat(admitted).isBetween(3, 8);
		assertThat(denied).isPositive();
	}

}

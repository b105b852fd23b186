package dev.ratelimit.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The permits kept in this node's memory, on a test clock, and their bound.
 */
class LocalConcurrencyLimiterTests extends ConcurrencyLimiterContract {

	private final TestClock clock = new TestClock();

	private final LocalConcurrencyLimiter limiter = new LocalConcurrencyLimiter(this.clock, 100);

	@Override
	protected ConcurrencyLimiter limiter() {
		return this.limiter;
	}

	@Override
	protected void pass(Duration duration) {
		this.clock.advance(duration);
	}

	@Test
	void keepsNoMoreClientsThanItsBound() {
		LocalConcurrencyLimiter bounded = new LocalConcurrencyLimiter(this.clock, 10);
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 1, Duration.ofMinutes(1));
		for (int i = 0; i < 10_000; i++) {
			bounded.acquire("client-" + i, limit, "p" + i);
		}
		assertThat(bounded.size()).isLessThanOrEqualTo(10);
	}

}

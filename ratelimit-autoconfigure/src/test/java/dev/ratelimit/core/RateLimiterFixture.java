package dev.ratelimit.core;

import java.util.List;

/**
 * What the contract's test interfaces need from the test class running them: the limiter
 * under test, its clock and a key of its own.
 */
public interface RateLimiterFixture {

	RateLimiter limiter();

	TestClock clock();

	String key();

	default Decision decide(long cost, LimitSpec... limits) {
		return limiter().decide(key(), List.of(limits), cost);
	}

	default int admitted(int requests, long cost, LimitSpec... limits) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (decide(cost, limits).allowed()) {
				admitted++;
			}
		}
		return admitted;
	}

}

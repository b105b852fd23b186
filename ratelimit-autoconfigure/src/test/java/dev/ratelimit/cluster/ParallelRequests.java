package dev.ratelimit.cluster;

import java.util.List;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Parallel;
import dev.ratelimit.core.RateLimiter;

/**
 * Fires one client's requests all at once from many threads.
 */
final class ParallelRequests {

	private ParallelRequests() {
	}

	/**
	 * Decide {@code requests} requests of cost 1 in parallel; any exception fails the
	 * caller.
	 * @param limiter the limiter
	 * @param client the client key
	 * @param limit the limit
	 * @param requests how many requests
	 * @return how many were admitted
	 * @throws Exception if a decision failed
	 */
	static int admitted(RateLimiter limiter, String client, LimitSpec limit, int requests) throws Exception {
		return Parallel.count(requests, 64, () -> limiter.decide(client, List.of(limit), 1).allowed());
	}

}

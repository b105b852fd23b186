package dev.ratelimit.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.core.LimitSpec;
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
		ExecutorService pool = Executors.newFixedThreadPool(64);
		try {
			CountDownLatch start = new CountDownLatch(1);
			AtomicInteger admitted = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					if (limiter.decide(client, List.of(limit), 1).allowed()) {
						admitted.incrementAndGet();
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
			return admitted.get();
		}
		finally {
			pool.shutdown();
		}
	}

}

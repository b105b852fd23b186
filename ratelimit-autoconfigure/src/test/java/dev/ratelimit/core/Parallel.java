package dev.ratelimit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Fires many requests at once, released together by a latch, and counts the admitted.
 */
public final class Parallel {

	private Parallel() {
	}

	public static int count(int requests, int threads, BooleanSupplier request) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			AtomicInteger admitted = new AtomicInteger();
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					if (request.getAsBoolean()) {
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

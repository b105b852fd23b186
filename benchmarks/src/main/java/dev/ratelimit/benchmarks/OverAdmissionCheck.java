package dev.ratelimit.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.testsupport.RedisEndpoint;

/**
 * Fires {@code threads} callers at once at one fresh key, each trying {@code attempts}
 * times, against a bucket of 50 that does not refill meanwhile: a correct limiter admits
 * exactly 50, every trial.
 */
final class OverAdmissionCheck {

	static final int THREADS = 64;

	static final int ATTEMPTS = 10;

	static final int TRIALS = 5;

	private OverAdmissionCheck() {
	}

	/**
	 * Run the trials for one contender.
	 * @param kind the contender
	 * @param redis the server
	 * @return the admitted count of every trial
	 * @throws IllegalStateException if any call failed, since a failure is not a denial
	 */
	static List<Integer> run(ContenderKind kind, RedisEndpoint redis) {
		String[] names = new String[TRIALS];
		for (int i = 0; i < TRIALS; i++) {
			names[i] = "burst-" + System.nanoTime() + "-" + i;
		}
		List<Integer> admitted = new ArrayList<>();
		try (Contender contender = kind.open(redis, BenchLimit.BURST_ONLY, new KeySpace(names))) {
			for (int trial = 0; trial < TRIALS; trial++) {
				admitted.add(trial(contender, trial));
			}
		}
		return admitted;
	}

	private static int trial(Contender contender, int key) {
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger admitted = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		List<Thread> callers = new ArrayList<>();
		for (int i = 0; i < THREADS; i++) {
			Thread caller = new Thread(() -> {
				await(go);
				for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
					try {
						if (contender.tryAcquire(key)) {
							admitted.incrementAndGet();
						}
					}
					catch (RuntimeException ex) {
						errors.incrementAndGet();
					}
				}
			});
			caller.start();
			callers.add(caller);
		}
		go.countDown();
		callers.forEach(OverAdmissionCheck::join);
		if (errors.get() > 0) {
			throw new IllegalStateException(errors.get() + " calls failed in the over-admission check");
		}
		return admitted.get();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

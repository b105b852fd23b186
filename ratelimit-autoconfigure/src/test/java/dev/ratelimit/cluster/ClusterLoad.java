package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives many clients' decisions from a pool of threads, as the request threads of an
 * application would; every decision must be admitted.
 */
final class ClusterLoad {

	private final RateLimiter limiter;

	private final List<LimitSpec> limits;

	private final int threads;

	ClusterLoad(RateLimiter limiter, List<LimitSpec> limits, int threads) {
		this.limiter = limiter;
		this.limits = limits;
		this.threads = threads;
	}

	/**
	 * Return client keys as production forms them: a tier and a hashed identity.
	 * @param label distinguishes the identities
	 * @param count how many
	 * @return the client keys
	 */
	static List<String> clients(String label, int count) {
		List<String> clients = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			clients.add("free:" + ClientKeys.unkeyed().token(label + i));
		}
		return clients;
	}

	/**
	 * Decide for random clients until the time is up.
	 * @param clients the client keys
	 * @param duration how long
	 * @return the number of decisions
	 * @throws Exception if a decision failed
	 */
	long randomly(List<String> clients, Duration duration) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		return inParallel(() -> {
			long decided = 0;
			while (System.nanoTime() < deadline) {
				decide(clients.get(ThreadLocalRandom.current().nextInt(clients.size())));
				decided++;
			}
			return decided;
		});
	}

	/**
	 * Decide once for every client.
	 * @param clients the client keys
	 * @throws Exception if a decision failed
	 */
	void once(List<String> clients) throws Exception {
		AtomicInteger next = new AtomicInteger();
		inParallel(() -> {
			long decided = 0;
			for (int i = next.getAndIncrement(); i < clients.size(); i = next.getAndIncrement()) {
				decide(clients.get(i));
				decided++;
			}
			return decided;
		});
	}

	private void decide(String client) {
		assertThat(this.limiter.decide(client, this.limits, 1).allowed()).isTrue();
	}

	private long inParallel(java.util.concurrent.Callable<Long> worker) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(this.threads);
		try {
			List<Future<Long>> workers = new ArrayList<>();
			for (int t = 0; t < this.threads; t++) {
				workers.add(pool.submit(worker));
			}
			long decisions = 0;
			for (Future<Long> future : workers) {
				decisions += future.get(5, TimeUnit.MINUTES);
			}
			return decisions;
		}
		finally {
			pool.shutdown();
		}
	}

}

package dev.ratelimit.core;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

/**
 * This node's memory of the shared store's latest denial of each key, so that a client
 * hammering a tier after a 429 is answered locally, without a round trip, until its retry
 * delay has passed.
 * <p>
 * It only repeats what the store said. A denial of cost {@code c} stands for any cost of
 * at least {@code c}, since a larger cost never fits sooner, and lasts the denial's retry
 * delay counted from before the store was asked, so it ends no later than the store's own
 * wait. What it cannot see is state forgotten in the store meanwhile: a reset made
 * through another node, or a flushed Redis. Then this node keeps denying that client
 * until the delay it was already told has passed.
 * <p>
 * At most {@code maxEntries} keys are kept, in a Caffeine cache: each denial expires when
 * it lapses, and past the bound Caffeine's W-TinyLFU evicts the keys seen least often, in
 * amortised constant time, so a flood of one-off keys neither costs a request a scan nor
 * pushes out the clients that keep coming back. An evicted key simply asks the store
 * again.
 */
public final class DenyCache {

	private final MicrosClock clock;

	private final Cache<String, Denial> denials;

	/**
	 * Create a cache.
	 * @param clock measures elapsed time on this node; only differences are used
	 * @param maxEntries the most keys kept
	 */
	public DenyCache(MicrosClock clock, int maxEntries) {
		this(clock, maxEntries, ForkJoinPool.commonPool());
	}

	/**
	 * Create a cache whose upkeep runs on the given executor.
	 * @param clock measures elapsed time on this node; only differences are used
	 * @param maxEntries the most keys kept
	 * @param executor runs Caffeine's eviction and expiry upkeep
	 */
	DenyCache(MicrosClock clock, int maxEntries, Executor executor) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1 but was " + maxEntries);
		}
		this.clock = clock;
		this.denials = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfter(new UntilLapsed(clock))
			.ticker(() -> clock.nowMicros() * 1000)
			.executor(executor)
			.build();
	}

	/**
	 * Return the current time on this cache's clock: read it before asking the store, and
	 * pass it to {@link #remember}.
	 * @return the time in microseconds
	 */
	public long now() {
		return this.clock.nowMicros();
	}

	/**
	 * Return the remembered denial that answers a request, as it stands now: every wait
	 * shortened by the time since the store was asked.
	 * @param key the counted client's key
	 * @param tier the tier
	 * @param cost the request's cost
	 * @return the denial, or {@code null} if the store must be asked
	 */
	public @Nullable Decision find(String key, Tier tier, long cost) {
		Denial denial = this.denials.getIfPresent(key);
		if (denial == null) {
			return null;
		}
		long now = this.clock.nowMicros();
		if (now >= denial.until()) {
			return null;
		}
		if (!denial.tier().equals(tier.name()) || cost < denial.cost()) {
			return null;
		}
		return denial.decision().later(Micros.toDuration(now - denial.asked()));
	}

	/**
	 * Remember the store's answer if it was a denial that a wait will lift.
	 * @param key the counted client's key
	 * @param tier the tier
	 * @param cost the request's cost
	 * @param decision the store's answer
	 * @param asked the time from {@link #now()} read before the store was asked
	 */
	public void remember(String key, Tier tier, long cost, Decision decision, long asked) {
		if (decision.allowed() || decision.reason() != Decision.Reason.LIMIT_EXCEEDED
				|| decision.retryAfter().isZero()) {
			return;
		}
		this.denials.put(key, new Denial(tier.name(), cost, decision, asked, asked + Micros.of(decision.retryAfter())));
	}

	/**
	 * Forget the denial remembered for a key, such as after a reset.
	 * @param key the counted client's key
	 */
	public void forget(String key) {
		this.denials.invalidate(key);
	}

	/**
	 * Return the number of keys remembered, once pending upkeep has run.
	 * @return the number of keys
	 */
	public long size() {
		this.denials.cleanUp();
		return this.denials.estimatedSize();
	}

	/**
	 * A denial by the store.
	 *
	 * @param tier the tier's name
	 * @param cost the denied cost
	 * @param decision the store's answer
	 * @param asked when the store was asked, in microseconds of the cache's clock
	 * @param until when the denial lapses
	 */
	private record Denial(String tier, long cost, Decision decision, long asked, long until) {

	}

	/**
	 * Expires a denial when it lapses.
	 */
	private record UntilLapsed(MicrosClock clock) implements Expiry<String, Denial> {

		@Override
		public long expireAfterCreate(String key, Denial denial, long currentTime) {
			return Math.max(0, denial.until() - this.clock.nowMicros()) * 1000;
		}

		@Override
		public long expireAfterUpdate(String key, Denial denial, long currentTime, long currentDuration) {
			return expireAfterCreate(key, denial, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Denial denial, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}

package dev.ratelimit.core;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * This node's memory of the shared store's latest denial of each key, so that a client
 * hammering a tier after a 429 is answered locally, without a round trip, until its
 * retry delay has passed.
 * <p>
 * It only repeats what the store said. A denial of cost {@code c} stands for any cost of
 * at least {@code c}, since a larger cost never fits sooner, and lasts the denial's retry
 * delay counted from before the store was asked, so it ends no later than the store's
 * own wait. What it cannot see is state forgotten in the store meanwhile: a reset made
 * through another node, or a flushed Redis. Then this node keeps denying that client
 * until the delay it was already told has passed.
 * <p>
 * At most {@code maxEntries} keys are kept: past that, expired entries are swept and, if
 * that is not enough, arbitrary ones dropped; a dropped key simply asks the store again.
 */
public final class DenyCache {

	private final MicrosClock clock;

	private final int maxEntries;

	private final Map<String, Denial> denials = new ConcurrentHashMap<>();

	private final Sweeper sweeps = new Sweeper();

	/**
	 * Create a cache.
	 * @param clock measures elapsed time on this node; only differences are used
	 * @param maxEntries the number of keys above which entries are swept
	 */
	public DenyCache(MicrosClock clock, int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1 but was " + maxEntries);
		}
		this.clock = clock;
		this.maxEntries = maxEntries;
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
		Denial denial = this.denials.get(key);
		if (denial == null) {
			return null;
		}
		long now = this.clock.nowMicros();
		if (now >= denial.until()) {
			this.denials.remove(key, denial);
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
		if (this.denials.size() > this.maxEntries) {
			this.sweeps.submit(this::sweep);
		}
	}

	/**
	 * Forget the denial remembered for a key, such as after a reset.
	 * @param key the counted client's key
	 */
	public void forget(String key) {
		this.denials.remove(key);
	}

	/**
	 * Return the number of keys remembered.
	 * @return the number of keys
	 */
	public int size() {
		return this.denials.size();
	}

	private void sweep() {
		long now = this.clock.nowMicros();
		this.denials.entrySet().removeIf((entry) -> now >= entry.getValue().until());
		Iterator<String> keys = this.denials.keySet().iterator();
		while (this.denials.size() > this.maxEntries && keys.hasNext()) {
			keys.next();
			keys.remove();
		}
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

}

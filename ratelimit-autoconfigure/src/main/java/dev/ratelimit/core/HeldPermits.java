package dev.ratelimit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The permits this node holds for requests in flight, so that they can be renewed
 * together and counted per tier; a permit leaves when it is released, once.
 */
public final class HeldPermits {

	// random per node and start, so that no two nodes' ids meet in one sorted set
	private final String node = UUID.randomUUID().toString().substring(0, 13);

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Permit> permits = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> perTier = new ConcurrentHashMap<>();

	/**
	 * Return a new permit id, unique in the fleet.
	 * @return the id
	 */
	public String nextId() {
		return this.node + ":" + this.sequence.incrementAndGet();
	}

	/**
	 * Add a granted permit.
	 * @param permit the permit
	 * @return the permit
	 */
	public Permit add(Permit permit) {
		this.permits.put(permit.id(), permit);
		this.perTier.computeIfAbsent(permit.tier(), (tier) -> new AtomicInteger()).incrementAndGet();
		return permit;
	}

	/**
	 * Remove a permit being released.
	 * @param permit the permit
	 * @return whether it was held, {@code false} if it was released already
	 */
	public boolean remove(Permit permit) {
		if (this.permits.remove(permit.id()) == null) {
			return false;
		}
		this.perTier.get(permit.tier()).decrementAndGet();
		return true;
	}

	/**
	 * Return every permit held now.
	 * @return the permits
	 */
	public List<Permit> all() {
		return new ArrayList<>(this.permits.values());
	}

	/**
	 * Return how many permits of a tier are held now.
	 * @param tier the tier's name
	 * @return the permits
	 */
	public int count(String tier) {
		AtomicInteger count = this.perTier.get(tier);
		return (count != null) ? count.get() : 0;
	}

}

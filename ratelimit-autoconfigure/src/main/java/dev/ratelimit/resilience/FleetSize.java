package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.FleetRegistry;
import dev.ratelimit.core.NodeId;
import dev.ratelimit.core.RateLimitBackendException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many nodes share the limits: counted by each node's heartbeat in the store while it
 * answers, the last count kept while it does not, or a configured number that overrides
 * the count. Before the first count, a counting node does not know its share: it
 * {@link #awaitingCount() awaits the count}, and the local fallback refuses meanwhile,
 * since a node taking itself for the only one would admit the whole limit.
 */
public final class FleetSize implements Fleet {

	private static final Logger logger = LoggerFactory.getLogger(FleetSize.class);

	/** Counted nodes while no count has been taken. */
	private static final int UNCOUNTED = 0;

	private final @Nullable FleetRegistry registry;

	private final @Nullable Integer configured;

	private final String node = NodeId.current() + ":" + UUID.randomUUID();

	private final Duration ttl;

	private final AtomicInteger counted = new AtomicInteger(UNCOUNTED);

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Create a fleet size.
	 * @param registry where the nodes register, or {@code null} when there is no shared
	 * store
	 * @param configured the number of nodes that overrides the count, or {@code null} to
	 * count
	 * @param ttl how long a registration lasts without a beat: a few beat intervals
	 */
	public FleetSize(@Nullable FleetRegistry registry, @Nullable Integer configured, Duration ttl) {
		if (configured != null && configured < 1) {
			throw new IllegalArgumentException("Expected nodes must be at least 1 but was " + configured);
		}
		this.registry = registry;
		this.configured = configured;
		this.ttl = ttl;
	}

	/**
	 * Register this node, or renew its registration, and take the fleet's count; keep the
	 * last count if the store does not answer. The first failure before any count is
	 * logged once, as the local fallback refuses until a count is taken.
	 */
	public void beat() {
		if (this.registry != null) {
			try {
				this.counted.set(Math.max(1, this.registry.beat(this.node, this.ttl)));
			}
			catch (RateLimitBackendException ex) {
				// the last count stands while the store is away
				if (awaitingCount() && this.warned.compareAndSet(false, true)) {
					logger.warn("Rate limiter cannot count its fleet, the store is unavailable: tiers with "
							+ "failure-policy local refuse as fail-closed until the first count, since this node "
							+ "does not know its share of the limits; set ratelimit.fallback.expected-nodes to "
							+ "fall back locally from startup");
				}
			}
		}
	}

	/**
	 * Remove this node's registration, so the others count it out at their next beat.
	 */
	public void leave() {
		if (this.registry != null) {
			try {
				this.registry.leave(this.node);
			}
			catch (RateLimitBackendException ex) {
				// it lapses after its TTL
			}
		}
	}

	@Override
	public int nodes() {
		return (this.configured != null) ? this.configured : Math.max(1, this.counted.get());
	}

	@Override
	public boolean counted() {
		return this.configured == null && this.registry != null;
	}

	@Override
	public boolean awaitingCount() {
		return counted() && this.counted.get() == UNCOUNTED;
	}

}

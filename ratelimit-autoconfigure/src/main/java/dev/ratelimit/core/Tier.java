package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

/**
 * A named set of limits decided together for every request of the tier.
 *
 * @param name the tier's name, such as {@code free}
 * @param limits the tier's rate limits; either all of them lease or none does; none for a
 * tier that only limits the requests in flight ({@link ConcurrencyLimits})
 * @param failurePolicy what happens when the shared store cannot decide
 * @param shadow whether denials are only counted, never enforced
 * @param denyCache whether a node answers a client it has just seen denied by itself,
 * without asking the shared store, until the denial's retry delay has passed
 * @param plan whether the tier is a plan a caller may be on, such as {@code free} or
 * {@code paid}, which a caller's plan may replace; any other tier sets an endpoint's own
 * purpose, such as {@code login}, and applies whoever calls
 */
public record Tier(String name, List<LimitSpec> limits, FailurePolicy failurePolicy, boolean shadow, boolean denyCache,
		boolean plan) {

	/**
	 * Check the tier once, when it is built, so that no decision checks it again: its
	 * limits' names are distinct, and either all of them lease or none does.
	 * @throws IllegalArgumentException naming a repeated limit name
	 * @throws InvalidLimitException naming a limit that does not lease beside one that
	 * does
	 */
	public Tier {
		limits = List.copyOf(limits);
		DecisionRequest.requireDistinctNames(limits);
		// a lease is taken from every limit at once, which keeps the decision
		// all-or-nothing
		LimitSpec leasing = limits.stream().filter((limit) -> limit.lease() > 0).findFirst().orElse(null);
		if (leasing != null) {
			for (LimitSpec limit : limits) {
				if (limit.lease() == 0) {
					throw new InvalidLimitException(limit.name(), "lease",
							"Tier '" + name + "': limit '" + limit.name() + "' must lease too, since limit '"
									+ leasing.name() + "' leases: a lease is charged to every limit of the tier at "
									+ "once, so either all of them lease or none does");
				}
			}
		}
	}

	/**
	 * Return the units a node takes from the shared store at once: the smallest lease of
	 * the tier's limits, since one lease is charged to all of them.
	 * @return the lease size, 0 when the tier does not lease
	 */
	public long leaseSize() {
		if (this.limits.isEmpty()) {
			return 0;
		}
		// on every decision, so a loop rather than a stream
		long size = Long.MAX_VALUE;
		for (LimitSpec limit : this.limits) {
			size = Math.min(size, limit.lease());
		}
		return size;
	}

	/**
	 * Return how long a node may spend a lease: the shortest lease TTL of the tier's
	 * limits, since one lease is charged to all of them.
	 * @return the lifetime, zero when the tier does not lease
	 */
	public Duration leaseLifetime() {
		return this.limits.stream().map(LimitSpec::leaseTtl).min(Duration::compareTo).orElseThrow();
	}

}

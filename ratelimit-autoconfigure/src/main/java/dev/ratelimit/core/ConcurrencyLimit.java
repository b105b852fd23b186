package dev.ratelimit.core;

import java.time.Duration;

/**
 * A limit on the requests of one client in flight at once across the fleet: each holds a
 * permit from before its handler runs until its response is complete, and a permit whose
 * node stops renewing it lapses after {@code maxDuration}.
 *
 * @param name the limit's name, unique within its tier, such as {@code in-flight}
 * @param limit the most permits held at once, from 1 to {@value #MAX_PERMITS}
 * @param maxDuration how long a permit lasts unless its node renews it, from
 * {@link #MIN_DURATION} to {@link #MAX_DURATION}: what a node killed while holding it
 * costs its client at most
 */
public record ConcurrencyLimit(String name, long limit, Duration maxDuration) {

	/** Most permits of one limit, each one member of a sorted set in the store. */
	public static final long MAX_PERMITS = 10_000;

	/** Shortest maximum duration; renewals run three times as often. */
	public static final Duration MIN_DURATION = Duration.ofMillis(300);

	/** Longest maximum duration. */
	public static final Duration MAX_DURATION = Duration.ofDays(1);

	/** Maximum duration of a limit that names none. */
	public static final Duration DEFAULT_DURATION = Duration.ofMinutes(5);

	/**
	 * Validate the limit.
	 * @throws InvalidLimitException naming the bad value and its component
	 */
	public ConcurrencyLimit {
		if (name == null || name.isBlank()) {
			throw new InvalidLimitException("name", "Limit name must not be empty");
		}
		if (limit < 1 || limit > MAX_PERMITS) {
			throw new InvalidLimitException("concurrent",
					"Limit '" + name + "': requests in flight must be from 1 to " + MAX_PERMITS + " but was " + limit);
		}
		if (maxDuration == null || maxDuration.compareTo(MIN_DURATION) < 0 || maxDuration.compareTo(MAX_DURATION) > 0) {
			throw new InvalidLimitException("maxDuration", "Limit '" + name + "': max duration must be from "
					+ MIN_DURATION.toMillis() + "ms to " + MAX_DURATION.toHours() + "h but was " + maxDuration);
		}
	}

	/**
	 * Return this node's share of the limit among {@code nodes}, {@code ceil(limit /
	 * nodes)}, for the local fallback.
	 * @param nodes the nodes sharing the limit, at least 1
	 * @return the share
	 */
	public ConcurrencyLimit share(int nodes) {
		if (nodes <= 1) {
			return this;
		}
		return new ConcurrencyLimit(this.name, Micros.ceilDiv(this.limit, nodes), this.maxDuration);
	}

}

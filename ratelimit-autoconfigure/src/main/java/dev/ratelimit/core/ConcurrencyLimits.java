package dev.ratelimit.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The concurrency limit of each tier that has one, by tier name.
 */
public final class ConcurrencyLimits {

	private final Map<String, ConcurrencyLimit> limits;

	/**
	 * Create the limits.
	 * @param limits the concurrency limit of each tier that has one, by tier name
	 */
	public ConcurrencyLimits(Map<String, ConcurrencyLimit> limits) {
		this.limits = Map.copyOf(limits);
	}

	/**
	 * Return the concurrency limit of a tier.
	 * @param tier the tier's name
	 * @return the limit, or {@code null} if the tier has none
	 */
	public @Nullable ConcurrencyLimit of(String tier) {
		return this.limits.get(tier);
	}

	/**
	 * Return every tier's concurrency limit.
	 * @return the limits by tier name
	 */
	public Map<String, ConcurrencyLimit> all() {
		return this.limits;
	}

}

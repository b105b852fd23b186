package dev.ratelimit.core;

import java.util.List;

/**
 * A named set of limits decided together for every request of the tier.
 *
 * @param name the tier's name, such as {@code free}
 * @param limits the tier's limits, at least one
 */
public record Tier(String name, List<LimitSpec> limits) {

	public Tier {
		if (limits.isEmpty()) {
			throw new IllegalArgumentException("Tier '" + name + "' has no limits");
		}
		limits = List.copyOf(limits);
	}

}

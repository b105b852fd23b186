package dev.ratelimit.core;

import java.util.List;

/**
 * A named set of limits decided together for every request of the tier.
 *
 * @param name the tier's name, such as {@code free}
 * @param limits the tier's limits, at least one
 * @param failurePolicy what happens when the shared store cannot decide
 * @param shadow whether denials are only counted, never enforced
 */
public record Tier(String name, List<LimitSpec> limits, FailurePolicy failurePolicy, boolean shadow) {

	public Tier {
		if (limits.isEmpty()) {
			throw new IllegalArgumentException("Tier '" + name + "' has no limits");
		}
		limits = List.copyOf(limits);
	}

	/**
	 * Create an enforcing tier that fails open.
	 * @param name the name
	 * @param limits the limits
	 */
	public Tier(String name, List<LimitSpec> limits) {
		this(name, limits, FailurePolicy.FAIL_OPEN, false);
	}

}

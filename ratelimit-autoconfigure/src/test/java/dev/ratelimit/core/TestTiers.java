package dev.ratelimit.core;

import java.util.List;

/**
 * Tiers as most tests need them: enforcing purpose tiers without a deny cache, built with
 * {@link Tier}'s one constructor; a test that needs a shadow tier, a deny cache or a plan
 * calls that constructor itself.
 */
public final class TestTiers {

	private TestTiers() {
	}

	/**
	 * Create an enforcing tier that fails open.
	 * @param name the name
	 * @param limits the limits
	 * @return the tier
	 */
	public static Tier of(String name, List<LimitSpec> limits) {
		return of(name, limits, FailurePolicy.FAIL_OPEN);
	}

	/**
	 * Create an enforcing tier with the failure policy given.
	 * @param name the name
	 * @param limits the limits
	 * @param failurePolicy what happens when the shared store cannot decide
	 * @return the tier
	 */
	public static Tier of(String name, List<LimitSpec> limits, FailurePolicy failurePolicy) {
		return new Tier(name, limits, failurePolicy, false, false, false);
	}

}

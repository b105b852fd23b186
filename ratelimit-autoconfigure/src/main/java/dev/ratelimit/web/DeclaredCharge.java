package dev.ratelimit.web;

import org.jspecify.annotations.Nullable;

/**
 * One {@link RateLimited} declaration of a handler method as charged for one request: its
 * tier, its cost and the client its key expression counted.
 *
 * @param tier the tier named by the annotation
 * @param cost the units to charge
 * @param counted who is counted
 * @param named the expression's value for {@link Counted#NAMED} and
 * {@link Counted#ADDRESS}, else {@code null}
 */
public record DeclaredCharge(String tier, long cost, Counted counted, @Nullable String named) {

	/**
	 * Check that a named client has its name, and no other has one.
	 */
	public DeclaredCharge {
		boolean needsName = counted == Counted.NAMED || counted == Counted.ADDRESS;
		if (needsName != (named != null)) {
			throw new IllegalArgumentException(counted + " " + (needsName ? "needs" : "takes no") + " named client");
		}
	}

	/**
	 * Who a declaration counts.
	 */
	public enum Counted {

		/**
		 * The caller, as the {@link KeyResolver} names it, on the caller's plan: a
		 * declaration without key expression.
		 */
		CALLER,

		/**
		 * The client the key expression named, such as a tenant, on that client's plan
		 * ({@link TierResolver#resolveNamed}, {@link PlanLimitsResolver#resolveNamed}).
		 */
		NAMED,

		/**
		 * The caller's network, named by a key that is exactly {@code #address}: the same
		 * client as the default {@link KeyResolver}'s address identity, on the plan of
		 * that address ({@link TierResolver#resolveNamed},
		 * {@link PlanLimitsResolver#resolveNamed}).
		 */
		ADDRESS,

		/**
		 * The caller as the {@link KeyResolver} names it, because the key expression
		 * failed or named nobody, on the declared tier with its configured limits: the
		 * caller is not the client the declaration names, so the caller's plan does not
		 * apply and a failing key never relaxes a limit.
		 */
		KEY_FAILED

	}

}

package dev.ratelimit.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One limit of a plan built at runtime, such as a customer's contract read from a
 * database: the same values as a {@code ratelimit.tiers.<tier>.limits.<name>} entry, not
 * yet validated. {@link RuntimePlans} validates it exactly as it validates the configured
 * limits.
 *
 * @param name the limit's name, such as {@code per-day}: letters, digits, {@code .},
 * {@code _} or {@code -}, at most 64 characters; the client's state is kept under it, so
 * a plan change that keeps the name keeps the state
 * @param limit the units granted per period
 * @param period the period
 * @param burst the units available at once, or {@code null} for the limit
 * @param algorithm the algorithm's id, such as {@code token-bucket}
 */
public record PlanLimit(String name, long limit, Duration period, @Nullable Long burst, String algorithm) {

	/**
	 * Create a token-bucket limit whose burst equals its limit.
	 * @param name the limit's name
	 * @param limit the units granted per period
	 * @param period the period
	 * @return the limit
	 */
	public static PlanLimit of(String name, long limit, Duration period) {
		return new PlanLimit(name, limit, period, null, "token-bucket");
	}

}

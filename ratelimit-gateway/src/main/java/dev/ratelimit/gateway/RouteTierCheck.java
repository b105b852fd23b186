package dev.ratelimit.gateway;

import dev.ratelimit.core.TierRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The one check of the tier and cost a gateway route's filter names, so that every filter
 * of both gateways refuses them by the same rules, in the same words: the tier must be
 * one of {@code ratelimit.tiers}, the cost a whole number of at least 1.
 */
public final class RouteTierCheck {

	private final TierRegistry registry;

	/**
	 * Create the check.
	 * @param registry the declared tiers
	 */
	public RouteTierCheck(TierRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Check a filter's tier and cost.
	 * @param filter names the filter and its route, as in
	 * {@code RateLimit filter of route
	 * 'orders'}
	 * @param tier the tier it names, or {@code null}
	 * @param cost the units each request costs
	 * @throws IllegalStateException naming the filter, the value and what it must be
	 */
	public void check(String filter, @Nullable String tier, long cost) {
		checkTier(filter, tier);
		if (cost < 1) {
			throw costRefused(filter, Long.toString(cost));
		}
	}

	/**
	 * Check a filter's tier and cost as a route's configuration gives them.
	 * @param filter names the filter and its route, as in
	 * {@code RateLimit filter of route
	 * 'orders'}
	 * @param tier the tier it names, or {@code null}
	 * @param cost the units each request costs, or {@code null} for one
	 * @throws IllegalStateException naming the filter, the value and what it must be
	 */
	public void check(String filter, @Nullable String tier, @Nullable String cost) {
		checkTier(filter, tier);
		if (cost != null && !isUnits(cost.trim())) {
			throw costRefused(filter, cost);
		}
	}

	private void checkTier(String filter, @Nullable String tier) {
		if (tier == null || !this.registry.contains(tier)) {
			throw new IllegalStateException(filter + " names unknown tier '" + tier
					+ "'; configured tiers (ratelimit.tiers): " + this.registry.names());
		}
	}

	private static IllegalStateException costRefused(String filter, String cost) {
		return new IllegalStateException(filter + " has cost '" + cost + "'; it must be a whole number of at least 1");
	}

	private static boolean isUnits(String cost) {
		try {
			return Long.parseLong(cost) >= 1;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

}

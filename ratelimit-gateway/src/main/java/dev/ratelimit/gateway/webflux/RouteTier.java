package dev.ratelimit.gateway.webflux;

import java.util.List;
import java.util.Objects;

import dev.ratelimit.web.DeclaredCharge;
import org.jspecify.annotations.Nullable;

/**
 * A route's tier and cost, as the {@code RateLimit} filter and the
 * {@link TierRateLimiter} take them.
 */
public class RouteTier {

	/**
	 * Tier the route's requests are charged to, one of {@code ratelimit.tiers}.
	 */
	private @Nullable String tier;

	/**
	 * Units each request costs.
	 */
	private long cost = 1;

	public @Nullable String getTier() {
		return this.tier;
	}

	public RouteTier setTier(String tier) {
		this.tier = tier;
		return this;
	}

	public long getCost() {
		return this.cost;
	}

	public RouteTier setCost(long cost) {
		this.cost = cost;
		return this;
	}

	/**
	 * Return what a request of the route is charged: its caller, to the tier, once
	 * checked.
	 */
	List<DeclaredCharge> charge() {
		return List
			.of(new DeclaredCharge(Objects.requireNonNull(this.tier), this.cost, DeclaredCharge.Counted.CALLER, null));
	}

}

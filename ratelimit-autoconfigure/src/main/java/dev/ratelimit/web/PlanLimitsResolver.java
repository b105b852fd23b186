package dev.ratelimit.web;

import java.util.List;

import dev.ratelimit.core.Tier;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the limits of a plan built at runtime, for example a customer's contract read
 * from a database, in place of the configured limits of the tier that applies. Called on
 * every request of a plan tier, so an implementation should answer from the application's
 * own cache; a change it returns takes effect on the next request.
 * <p>
 * What it returns is validated like {@code ratelimit.tiers}; invalid limits, or an
 * exception thrown here, are logged once and the request is decided by the fallback tier
 * ({@code ratelimit.plans.fallback-tier}, else the tier's configured limits), never
 * answered with an error.
 * <p>
 * On an endpoint whose {@link RateLimited#key()} expression names the counted client,
 * such as a tenant, {@link #resolveNamed} is asked instead, with that client: the
 * caller's key or principal must not choose the plan of someone else.
 * <p>
 * Limit names must come from a small fixed set (such as {@code per-minute},
 * {@code per-day}), never from customer data: each name is a Redis key per client and a
 * {@code limit} tag of {@code ratelimit.requests}, so names built per customer would grow
 * both without bound.
 */
@FunctionalInterface
public interface PlanLimitsResolver {

	/**
	 * Return the limits that apply to this request's client on a tier.
	 * @param request the request
	 * @param tier the tier that applies, with its configured limits
	 * @return the client's limits, or {@code null} to apply the tier's configured limits
	 */
	@Nullable List<PlanLimit> resolve(HttpServletRequest request, Tier tier);

	/**
	 * Return the limits of a client named by a {@link RateLimited#key()} expression, who
	 * need not be the caller. The default returns {@code null}, the tier's configured
	 * limits, since {@link #resolve} may read the caller.
	 * @param request the request
	 * @param tier the tier that applies, with its configured limits
	 * @param named the expression's value, the client that is counted
	 * @return the client's limits, or {@code null} to apply the tier's configured limits
	 */
	default @Nullable List<PlanLimit> resolveNamed(HttpServletRequest request, Tier tier, String named) {
		return null;
	}

}

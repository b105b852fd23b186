package dev.ratelimit.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Chooses the plan that applies to a request, for example from the caller's account. It
 * is asked only where an endpoint names a {@linkplain dev.ratelimit.core.Tier#plan() plan
 * tier}, and its answer must be a plan tier too: an endpoint's purpose tier, such as
 * {@code login}, applies whoever calls.
 */
@FunctionalInterface
public interface TierResolver {

	/**
	 * Return the plan tier for a request whose caller is counted.
	 * @param request the request
	 * @param requestedTier the plan tier named by the annotation or filter rule
	 * @return the plan tier to apply; {@code requestedTier} to keep it
	 */
	String resolve(HttpServletRequest request, String requestedTier);

	/**
	 * Return the plan tier for a client named by a {@link RateLimited#key()} expression,
	 * such as a tenant, who need not be the caller. The default keeps the requested tier:
	 * the caller's API key or principal must not choose the plan of someone else.
	 * @param request the request
	 * @param requestedTier the plan tier named by the annotation
	 * @param named the expression's value, the client that is counted
	 * @return the plan tier to apply; {@code requestedTier} to keep it
	 */
	default String resolveNamed(HttpServletRequest request, String requestedTier, String named) {
		return requestedTier;
	}

}

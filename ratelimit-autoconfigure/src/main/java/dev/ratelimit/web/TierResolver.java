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
	 * Return the plan tier for a request.
	 * @param request the request
	 * @param requestedTier the plan tier named by the annotation or filter rule
	 * @return the plan tier to apply; {@code requestedTier} to keep it
	 */
	String resolve(HttpServletRequest request, String requestedTier);

}

package dev.ratelimit.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Chooses the tier that applies to a request, for example from the caller's plan.
 */
@FunctionalInterface
public interface TierResolver {

	/**
	 * Return the tier for a request.
	 * @param request the request
	 * @param requestedTier the tier named by the annotation or filter rule
	 * @return the tier to apply; {@code requestedTier} to keep it
	 */
	String resolve(HttpServletRequest request, String requestedTier);

}

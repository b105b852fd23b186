package dev.ratelimit.web;

import dev.ratelimit.core.TierRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Applies the keys listed under {@code ratelimit.tiers.<tier>.api-keys}: a caller whose
 * API key is listed gets its plan wherever an endpoint names a plan tier. Tiers that are
 * no plan are never asked about, so a plan cannot relax an endpoint's purpose limit such
 * as {@code login}.
 */
public class KeyTierResolver implements TierResolver {

	private final TierRegistry registry;

	private final String apiKeyHeader;

	/**
	 * Create a resolver.
	 * @param registry the tiers and the plan map
	 * @param apiKeyHeader the header carrying the API key
	 */
	public KeyTierResolver(TierRegistry registry, String apiKeyHeader) {
		this.registry = registry;
		this.apiKeyHeader = apiKeyHeader;
	}

	@Override
	public String resolve(HttpServletRequest request, String requestedTier) {
		String apiKey = request.getHeader(this.apiKeyHeader);
		if (apiKey == null) {
			return requestedTier;
		}
		String tier = this.registry.tierForApiKey(apiKey);
		return (tier != null) ? tier : requestedTier;
	}

}

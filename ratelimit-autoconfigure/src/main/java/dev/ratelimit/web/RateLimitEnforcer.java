package dev.ratelimit.web;

import java.util.HashSet;
import java.util.Set;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Applies one tier to one request: resolves who is counted and which tier applies,
 * charges the limiter once per tier and client, and either adds the rate-limit fields
 * to the response or raises {@link RateLimitExceededException}.
 */
public class RateLimitEnforcer {

	private static final Log logger = LogFactory.getLog(RateLimitEnforcer.class);

	private static final String CHARGED_ATTRIBUTE = RateLimitEnforcer.class.getName() + ".charged";

	private final RateLimiter limiter;

	private final TierRegistry registry;

	private final KeyResolver keyResolver;

	private final TierResolver tierResolver;

	private final RateLimitHeaders headers;

	/**
	 * Create an enforcer.
	 * @param limiter the limiter
	 * @param registry the configured tiers
	 * @param keyResolver decides who is counted
	 * @param tierResolver decides which tier applies
	 * @param headers writes the response fields
	 */
	public RateLimitEnforcer(RateLimiter limiter, TierRegistry registry, KeyResolver keyResolver,
			TierResolver tierResolver, RateLimitHeaders headers) {
		this.limiter = limiter;
		this.registry = registry;
		this.keyResolver = keyResolver;
		this.tierResolver = tierResolver;
		this.headers = headers;
	}

	/**
	 * Charge a request against a tier.
	 * @param request the request
	 * @param response the response, which receives the fields when allowed
	 * @param requestedTier the tier named by the rule or annotation
	 * @param cost the units to charge
	 * @param identity an explicit client identity, or {@code null} for the
	 * {@link KeyResolver}'s
	 * @throws RateLimitExceededException if the request is denied
	 */
	public void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, String requestedTier,
			long cost, @Nullable String identity) {
		Tier tier = tier(request, requestedTier);
		String token = ClientKeyHasher.hash((identity != null) ? identity : this.keyResolver.resolve(request));
		if (!charged(request).add(tier.name() + ":" + token)) {
			return;
		}
		Decision decision = this.limiter.decide(tier.name() + ":" + token, tier.limits(), cost);
		HttpHeaders fields = this.headers.fieldsFor(decision);
		if (decision.allowed()) {
			if (response != null) {
				fields.forEach((name, values) -> response.setHeader(name, values.get(0)));
			}
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + token + " on tier '" + tier.name() + "' by limit '"
					+ decision.deciding().spec().name() + "'");
		}
		long retryAfter = fields.containsHeader(HttpHeaders.RETRY_AFTER)
				? Long.parseLong(fields.getFirst(HttpHeaders.RETRY_AFTER)) : 0;
		throw new RateLimitExceededException(tier.name(), decision, fields,
				RateLimitProblems.create(tier.name(), decision, retryAfter, request.getRequestURI()));
	}

	private Tier tier(HttpServletRequest request, String requestedTier) {
		String name = this.tierResolver.resolve(request, requestedTier);
		if (this.registry.contains(name)) {
			return this.registry.require(name);
		}
		logger.warn("TierResolver chose unknown tier '" + name + "'; applying '" + requestedTier + "'");
		return this.registry.require(requestedTier);
	}

	@SuppressWarnings("unchecked")
	private static Set<String> charged(HttpServletRequest request) {
		Object charged = request.getAttribute(CHARGED_ATTRIBUTE);
		if (charged instanceof Set<?> set) {
			return (Set<String>) set;
		}
		Set<String> created = new HashSet<>();
		request.setAttribute(CHARGED_ATTRIBUTE, created);
		return created;
	}

}

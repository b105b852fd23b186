package dev.ratelimit.web;

import java.util.HashSet;
import java.util.Set;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Applies one tier to one request: resolves who is counted and which tier applies,
 * charges the limiter once per tier and client, and either adds the rate-limit fields
 * to the response or raises {@link RateLimitExceededException} (429) or, for a tier
 * failing closed while the store is away, {@link RateLimitUnavailableException} (503).
 * A shadow tier denies nobody, whatever the state of the store.
 */
public class RateLimitEnforcer {

	private static final Log logger = LogFactory.getLog(RateLimitEnforcer.class);

	private static final String CHARGED_ATTRIBUTE = RateLimitEnforcer.class.getName() + ".charged";

	private final RateLimitGuard limiter;

	private final TierRegistry registry;

	private final KeyResolver keyResolver;

	private final TierResolver tierResolver;

	private final RateLimitHeaders headers;

	private final RateLimitObserver observer;

	private final long unavailableRetryAfterSeconds;

	/**
	 * Create an enforcer.
	 * @param limiter the guarded limiter
	 * @param registry the configured tiers
	 * @param keyResolver decides who is counted
	 * @param tierResolver decides which tier applies
	 * @param headers writes the response fields
	 * @param observer receives every outcome
	 * @param unavailableRetryAfterSeconds Retry-After of a fail-closed 503
	 */
	public RateLimitEnforcer(RateLimitGuard limiter, TierRegistry registry, KeyResolver keyResolver,
			TierResolver tierResolver, RateLimitHeaders headers, RateLimitObserver observer,
			long unavailableRetryAfterSeconds) {
		this.limiter = limiter;
		this.registry = registry;
		this.keyResolver = keyResolver;
		this.tierResolver = tierResolver;
		this.headers = headers;
		this.observer = observer;
		this.unavailableRetryAfterSeconds = unavailableRetryAfterSeconds;
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
	 * @throws RateLimitUnavailableException if the tier fails closed and the store is away
	 */
	public void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, String requestedTier,
			long cost, @Nullable String identity) {
		Tier tier = tier(request, requestedTier);
		String token = ClientKeyHasher.hash((identity != null) ? identity : this.keyResolver.resolve(request));
		if (!charged(request).add(tier.name() + ":" + token)) {
			return;
		}
		Verdict verdict = this.limiter.decide(tier.name() + ":" + token, tier, cost);
		Decision decision = verdict.decision();
		if (verdict.source() == Verdict.Source.FAIL_CLOSED) {
			if (tier.shadow()) {
				this.observer.decided(tier, Outcome.SHADOW_UNAVAILABLE, null);
				return;
			}
			this.observer.decided(tier, Outcome.FALLBACK_DENIED, null);
			throw new RateLimitUnavailableException(tier.name(), this.unavailableRetryAfterSeconds,
					request.getRequestURI());
		}
		if (decision == null) {
			this.observer.decided(tier, Outcome.FALLBACK_ALLOWED, null);
			return;
		}
		boolean fallback = verdict.source() == Verdict.Source.LOCAL_FALLBACK;
		Outcome outcome = outcome(decision, fallback, tier.shadow());
		this.observer.decided(tier, outcome, decision);
		HttpHeaders fields = this.headers.fieldsFor(decision);
		if (decision.allowed() || outcome == Outcome.SHADOW_DENIED) {
			if (response != null) {
				fields.forEach((name, values) -> {
					if (!HttpHeaders.RETRY_AFTER.equalsIgnoreCase(name)) {
						response.setHeader(name, values.get(0));
					}
				});
			}
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + token + " on tier '" + tier.name() + "' by limit '"
					+ decision.deciding().spec().name() + "'");
		}
		String retryAfter = fields.getFirst(HttpHeaders.RETRY_AFTER);
		throw new RateLimitExceededException(tier.name(), decision, fields, RateLimitProblems.create(tier.name(),
				decision, (retryAfter != null) ? Long.parseLong(retryAfter) : 0, request.getRequestURI()));
	}

	private static Outcome outcome(Decision decision, boolean fallback, boolean shadow) {
		if (decision.allowed()) {
			return fallback ? Outcome.FALLBACK_ALLOWED : Outcome.ALLOWED;
		}
		if (shadow) {
			return Outcome.SHADOW_DENIED;
		}
		return fallback ? Outcome.FALLBACK_DENIED : Outcome.DENIED;
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

package dev.ratelimit.web;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;

/**
 * Applies one tier to one request: resolves who is counted and which tier applies,
 * charges the limiter once per tier and client (at the largest cost named, see
 * {@link RequestRateLimits}), and either adds the rate-limit fields of every tier applied
 * so far to the response or raises {@link RateLimitExceededException} (429) or, for a
 * tier failing closed while the store is away, {@link RateLimitUnavailableException}
 * (503). A shadow tier denies nobody, whatever the state of the store.
 */
public class RateLimitEnforcer {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitEnforcer.class);

	private final RateLimitGuard limiter;

	private final CountedClientResolver clients;

	private final RateLimitHeaders headers;

	private final RateLimitObserver observer;

	private final long unavailableRetryAfterSeconds;

	private final RuntimePlans plans;

	/**
	 * Create an enforcer.
	 * @param limiter the guarded limiter
	 * @param clients decides who is counted and which tier applies
	 * @param headers writes the response fields
	 * @param observer receives every outcome
	 * @param unavailableRetryAfterSeconds Retry-After of a fail-closed 503
	 * @param plans replaces a tier's limits with a client's runtime plan
	 */
	public RateLimitEnforcer(RateLimitGuard limiter, CountedClientResolver clients, RateLimitHeaders headers,
			RateLimitObserver observer, long unavailableRetryAfterSeconds, RuntimePlans plans) {
		this.limiter = limiter;
		this.clients = clients;
		this.headers = headers;
		this.observer = observer;
		this.unavailableRetryAfterSeconds = unavailableRetryAfterSeconds;
		this.plans = plans;
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
	 * @throws RateLimitUnavailableException if the tier fails closed and the store is
	 * away
	 */
	public void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, String requestedTier,
			long cost, @Nullable String identity) {
		enforce(request, response, this.clients.resolve(request, requestedTier, identity), cost, null);
	}

	/**
	 * Charge a request against a tier for a client named by a key expression, such as a
	 * tenant, whose plan applies rather than the caller's.
	 * @param request the request
	 * @param response the response, which receives the fields when allowed
	 * @param requestedTier the tier named by the annotation
	 * @param cost the units to charge
	 * @param named the expression's value
	 * @throws RateLimitExceededException if the request is denied
	 * @throws RateLimitUnavailableException if the tier fails closed and the store is
	 * away
	 */
	public void enforceNamed(HttpServletRequest request, @Nullable HttpServletResponse response, String requestedTier,
			long cost, String named) {
		enforce(request, response, this.clients.resolveNamed(request, requestedTier, named), cost, named);
	}

	private void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, CountedClient client,
			long cost, @Nullable String named) {
		Tier tier = this.plans.apply(request, client.tier(), named);
		String token = client.token();
		String key = client.key();
		RequestRateLimits limits = RequestRateLimits.of(request);
		long charged = limits.charged(key);
		if (cost <= charged) {
			return;
		}
		Verdict verdict = this.limiter.decide(key, tier, topUp(key, tier, cost, charged));
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
		boolean rejecting = !decision.allowed() && outcome != Outcome.SHADOW_DENIED;
		limits.record(key, tier.name(), rejecting ? charged : cost, decision, rejecting);
		// computed once, jitter included, for both the header and the problem body
		long retryAfter = (rejecting && decision.reason() == Decision.Reason.LIMIT_EXCEEDED)
				? this.headers.retryAfterSeconds(decision) : 0;
		HttpHeaders fields = this.headers.fieldsFor(limits, retryAfter);
		if (!rejecting) {
			if (response != null) {
				fields.forEach((name, values) -> response.setHeader(name, values.get(0)));
			}
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + token + " on tier '" + tier.name() + "' by limit '"
					+ decision.deciding().spec().name() + "'");
		}
		throw new RateLimitExceededException(tier.name(), decision, fields,
				RateLimitProblems.quotaExceeded(limits, retryAfter, request.getRequestURI()));
	}

	/**
	 * Return what a tier and client still owe for a request: the cost, less what this
	 * request was already charged on them, or the whole cost when it exceeds a limit's
	 * burst, so that the denial says it can never be admitted.
	 */
	private static long topUp(String key, Tier tier, long cost, long charged) {
		if (charged == 0) {
			return cost;
		}
		boolean fits = new DecisionRequest(key, tier.limits(), cost).denialIfCostExceedsCapacity() == null;
		return fits ? cost - charged : cost;
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

}

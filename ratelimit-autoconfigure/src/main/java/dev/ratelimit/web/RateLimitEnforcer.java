package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.PermitVerdict;
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

	private final InFlightPermits permits;

	private final ResponseCharges responseCharges;

	/**
	 * Create an enforcer.
	 * @param limiter the guarded limiter
	 * @param clients decides who is counted and which tier applies
	 * @param headers writes the response fields
	 * @param observer receives every outcome
	 * @param unavailableRetryAfterSeconds Retry-After of a fail-closed 503
	 * @param plans replaces a tier's limits with a client's runtime plan
	 * @param permits takes and releases the permits of tiers' concurrency limits
	 * @param responseCharges settles the tiers charged after the response once it is
	 * complete
	 */
	public RateLimitEnforcer(RateLimitGuard limiter, CountedClientResolver clients, RateLimitHeaders headers,
			RateLimitObserver observer, long unavailableRetryAfterSeconds, RuntimePlans plans, InFlightPermits permits,
			ResponseCharges responseCharges) {
		this.limiter = limiter;
		this.clients = clients;
		this.headers = headers;
		this.observer = observer;
		this.unavailableRetryAfterSeconds = unavailableRetryAfterSeconds;
		this.plans = plans;
		this.permits = permits;
		this.responseCharges = responseCharges;
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
		CountedClient client = this.clients.resolve(request, requestedTier, identity);
		enforce(request, response, client, this.plans.apply(request, client.tier(), null), cost);
	}

	/**
	 * Charge a request against one declaration of a handler method.
	 */
	private void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, DeclaredCharge declared) {
		CountedClient client = client(request, declared);
		enforce(request, response, client, plan(request, client, declared), declared.cost());
	}

	/**
	 * Charge a request against several declarations at once, each counting its own
	 * client, decided together by {@link RateLimitGuard#decideAll}: on standalone Redis
	 * and Sentinel every client is charged or none is. A client named twice is charged
	 * once, at the larger cost. A lone declaration is charged as a path rule is, without
	 * grouping.
	 * @param request the request
	 * @param response the response, which receives the fields when allowed
	 * @param declared the declarations, in order
	 * @throws RateLimitExceededException if the request is denied
	 * @throws RateLimitUnavailableException if a tier fails closed and the store is away
	 */
	public void enforceAll(HttpServletRequest request, @Nullable HttpServletResponse response,
			List<DeclaredCharge> declared) {
		if (declared.size() == 1) {
			enforce(request, response, declared.get(0));
			return;
		}
		RequestRateLimits limits = RequestRateLimits.of(request);
		Map<String, Owed> owed = new LinkedHashMap<>();
		for (DeclaredCharge declaration : declared) {
			CountedClient client = client(request, declaration);
			Tier tier = plan(request, client, declaration);
			owed.merge(client.key(), new Owed(tier, client.token(), client.key(), declaration.cost()),
					(first, second) -> (second.cost() > first.cost()) ? second : first);
		}
		for (Owed part : owed.values()) {
			acquirePermit(request, limits, part.tier(), part.token(), part.key());
		}
		List<Owed> owing = new ArrayList<>(owed.size());
		List<ClientCharge> parts = new ArrayList<>(owed.size());
		for (Owed part : owed.values()) {
			long charged = limits.charged(part.key());
			if (part.cost() > charged && !part.tier().limits().isEmpty()) {
				owing.add(part);
				parts.add(new ClientCharge(part.key(), part.tier(),
						topUp(part.key(), part.tier(), part.cost(), charged)));
			}
		}
		if (parts.isEmpty()) {
			writeFields(response, limits);
			return;
		}
		List<@Nullable Verdict> verdicts = this.limiter.decideAll(parts);
		int rejecting = -1;
		for (int i = 0; i < owing.size(); i++) {
			Verdict verdict = verdicts.get(i);
			Owed part = owing.get(i);
			if (verdict != null
					&& applied(limits, part.tier(), part.key(), part.cost(), limits.charged(part.key()), verdict)
					&& rejecting < 0) {
				rejecting = i;
			}
		}
		if (rejecting >= 0) {
			Owed part = owing.get(rejecting);
			this.permits.releaseAll(request);
			throw rejection(request, limits, part.tier(), part.token(), verdicts.get(rejecting));
		}
		for (int i = 0; i < owing.size(); i++) {
			Verdict verdict = verdicts.get(i);
			if (verdict != null) {
				this.responseCharges.register(request, response, parts.get(i).tier(), parts.get(i).key(),
						parts.get(i).cost(), verdict);
			}
		}
		writeFields(response, limits);
	}

	private CountedClient client(HttpServletRequest request, DeclaredCharge declared) {
		String named = declared.named();
		return switch (declared.counted()) {
			case CALLER -> this.clients.resolve(request, declared.tier(), null);
			case NAMED -> this.clients.resolveNamed(request, declared.tier(), Objects.requireNonNull(named));
			case ADDRESS -> this.clients.resolveAddress(request, declared.tier(), Objects.requireNonNull(named));
			case KEY_FAILED -> this.clients.resolveWithoutPlan(request, declared.tier());
		};
	}

	/**
	 * Return the tier a declaration's client is decided by: the runtime plan of the
	 * client it counts; none when its key failed, since the caller counted in its place
	 * is not the client the declaration names.
	 */
	private Tier plan(HttpServletRequest request, CountedClient client, DeclaredCharge declared) {
		return switch (declared.counted()) {
			case CALLER -> this.plans.apply(request, client.tier(), null);
			case NAMED, ADDRESS -> this.plans.apply(request, client.tier(), declared.named());
			case KEY_FAILED -> client.tier();
		};
	}

	private void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, CountedClient client,
			Tier tier, long cost) {
		String key = client.key();
		RequestRateLimits limits = RequestRateLimits.of(request);
		acquirePermit(request, limits, tier, client.token(), key);
		long charged = limits.charged(key);
		if (cost <= charged) {
			return;
		}
		if (tier.limits().isEmpty()) {
			writeFields(response, limits);
			return;
		}
		long units = topUp(key, tier, cost, charged);
		Verdict verdict = this.limiter.decide(key, tier, units);
		if (applied(limits, tier, key, cost, charged, verdict)) {
			// the request will not run: its permits are free for the client's next one
			this.permits.releaseAll(request);
			throw rejection(request, limits, tier, client.token(), verdict);
		}
		this.responseCharges.register(request, response, tier, key, units, verdict);
		writeFields(response, limits);
	}

	/**
	 * Take the permit of a tier's concurrency limit before any rate is charged, so that a
	 * request denied for being one too many in flight is charged no rate.
	 */
	private void acquirePermit(HttpServletRequest request, RequestRateLimits limits, Tier tier, String token,
			String key) {
		PermitVerdict refused = this.permits.acquire(request, key, tier);
		if (refused == null) {
			return;
		}
		this.permits.releaseAll(request);
		PermitDecision decision = refused.decision();
		if (decision == null) {
			throw new RateLimitUnavailableException(tier.name(), this.unavailableRetryAfterSeconds,
					request.getRequestURI());
		}
		long retryAfter = this.headers.inFlightRetryAfterSeconds();
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + token + " on tier '" + tier.name() + "': too many requests in flight");
		}
		throw new RateLimitExceededException(tier.name(), InFlightPermits.asDecision(decision),
				this.headers.fieldsFor(limits, retryAfter),
				RateLimitProblems.quotaExceeded(limits, retryAfter, request.getRequestURI()));
	}

	/**
	 * Add the fields of every tier applied so far to an allowed response, once per
	 * enforcement however many clients it charged.
	 */
	private void writeFields(@Nullable HttpServletResponse response, RequestRateLimits limits) {
		if (response != null) {
			this.headers.fieldsFor(limits, 0).forEach((name, values) -> response.setHeader(name, values.get(0)));
		}
	}

	/**
	 * Observe and record a tier's verdict.
	 * @return whether the verdict rejects the request
	 */
	private boolean applied(RequestRateLimits limits, Tier tier, String key, long cost, long charged, Verdict verdict) {
		Decision decision = verdict.decision();
		if (verdict.source() == Verdict.Source.NOT_CHARGED && decision != null) {
			// neither admitted nor denied on its own: its standing is reported, no
			// outcome
			limits.record(key, tier.name(), charged, decision, false);
			return false;
		}
		if (verdict.source() == Verdict.Source.FAIL_CLOSED) {
			if (tier.shadow()) {
				this.observer.decided(tier, Outcome.SHADOW_UNAVAILABLE, null);
				return false;
			}
			this.observer.decided(tier, Outcome.FALLBACK_DENIED, null);
			return true;
		}
		if (decision == null) {
			this.observer.decided(tier, Outcome.FALLBACK_ALLOWED, null);
			return false;
		}
		boolean fallback = verdict.source() == Verdict.Source.LOCAL_FALLBACK;
		Outcome outcome = outcome(decision, fallback, tier.shadow());
		this.observer.decided(tier, outcome, decision);
		boolean rejecting = !decision.allowed() && outcome != Outcome.SHADOW_DENIED;
		limits.record(key, tier.name(), rejecting ? charged : cost, decision, rejecting);
		return rejecting;
	}

	private RuntimeException rejection(HttpServletRequest request, RequestRateLimits limits, Tier tier, String token,
			Verdict verdict) {
		Decision decision = verdict.decision();
		if (decision == null) {
			return new RateLimitUnavailableException(tier.name(), this.unavailableRetryAfterSeconds,
					request.getRequestURI());
		}
		// computed once, jitter included, for both the header and the problem body
		long retryAfter = (decision.reason() == Decision.Reason.LIMIT_EXCEEDED)
				? this.headers.retryAfterSeconds(decision) : 0;
		HttpHeaders fields = this.headers.fieldsFor(limits, retryAfter);
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + token + " on tier '" + tier.name() + "' by limit '"
					+ decision.deciding().spec().name() + "'");
		}
		return new RateLimitExceededException(tier.name(), decision, fields,
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

	private record Owed(Tier tier, String token, String key, long cost) {

	}

}

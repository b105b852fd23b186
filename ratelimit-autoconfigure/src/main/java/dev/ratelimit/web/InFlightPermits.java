package dev.ratelimit.web;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Takes a permit of a tier's concurrency limit for a request before its handler runs,
 * once per tier and client however often the request names them, and releases it when the
 * response is complete ({@link ResponseCompletion}: synchronous and asynchronous
 * handlers, errors and clients that went away alike), or at once when the request is
 * rejected.
 */
public class InFlightPermits {

	private final ConcurrencyGuard guard;

	private final ConcurrencyLimits limits;

	private final RateLimitObserver observer;

	/**
	 * Create the permits of requests.
	 * @param guard grants and releases permits
	 * @param limits the tiers' concurrency limits
	 * @param observer receives every outcome
	 */
	public InFlightPermits(ConcurrencyGuard guard, ConcurrencyLimits limits, RateLimitObserver observer) {
		this.guard = guard;
		this.limits = limits;
		this.observer = observer;
	}

	/**
	 * Take a permit of the tier's concurrency limit for the client, unless the tier has
	 * none or the request holds it already, and record the decision.
	 * @param request the request
	 * @param key the tier's key for the client
	 * @param tier the tier
	 * @return the verdict if it rejects the request, else {@code null}
	 */
	@Nullable PermitVerdict acquire(HttpServletRequest request, String key, Tier tier) {
		ConcurrencyLimit limit = this.limits.of(tier.name());
		RequestRateLimits decided = RequestRateLimits.of(request);
		if (limit == null || decided.decidedInFlight(key)) {
			return null;
		}
		PermitVerdict verdict = this.guard.acquire(key, tier, limit);
		Permit permit = verdict.permit();
		if (permit != null) {
			ResponseCompletion.onComplete(request, (status) -> this.guard.release(permit));
		}
		PermitDecision decision = verdict.decision();
		boolean rejecting = verdict.rejects(tier);
		this.observer.decided(tier, outcome(verdict, tier), (decision != null) ? asDecision(decision) : null);
		if (decision != null) {
			decided.recordInFlight(key, tier.name(), decision, rejecting, permit);
		}
		return rejecting ? verdict : null;
	}

	/**
	 * Release at once every permit a rejected request holds.
	 * @param request the request
	 */
	void releaseAll(HttpServletRequest request) {
		RequestRateLimits.of(request).takePermits().forEach(this.guard::release);
	}

	/**
	 * Return a permit decision as the limiter's other decisions read: one limit of
	 * {@code limit} units per maximum duration, the permits left as its units, a denial
	 * retried after a second.
	 * @param decision the permit decision
	 * @return the decision
	 */
	static Decision asDecision(PermitDecision decision) {
		ConcurrencyLimit limit = decision.limit();
		LimitSpec spec = new LimitSpec(limit.name(), limit.limit(), limit.maxDuration(), limit.limit(),
				Algorithm.FIXED_WINDOW);
		Duration wait = decision.allowed() ? Duration.ZERO : Duration.ofSeconds(1);
		return Decision.of(decision.allowed(), List.of(new LimitOutcome(spec, decision.remaining(), wait, wait)));
	}

	private static Outcome outcome(PermitVerdict verdict, Tier tier) {
		PermitDecision decision = verdict.decision();
		boolean fallback = verdict.source() == Verdict.Source.LOCAL_FALLBACK;
		return switch (verdict.source()) {
			case FAIL_OPEN -> Outcome.FALLBACK_ALLOWED;
			case FAIL_CLOSED -> tier.shadow() ? Outcome.SHADOW_UNAVAILABLE : Outcome.FALLBACK_DENIED;
			default -> {
				if (decision == null || decision.allowed()) {
					yield fallback ? Outcome.FALLBACK_ALLOWED : Outcome.ALLOWED;
				}
				if (tier.shadow()) {
					yield Outcome.SHADOW_DENIED;
				}
				yield fallback ? Outcome.FALLBACK_DENIED : Outcome.DENIED;
			}
		};
	}

}

package dev.ratelimit.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DeltaSeconds;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.http.RequestCharge.PermitAsk;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the parts of a request, resolved once by the edge ({@link ClientPart}), around
 * the guards' calls, which the edge makes: {@link #prepare} says what to ask (the permits
 * of concurrency limits, then the rate charges, topped up against what the request was
 * already charged), {@link #permitted} and {@link #apply} take the answers, observe them,
 * record them in the request's {@link RequestRateLimits} and return the one
 * {@link RateLimitReport} of the request, or of its refusal: 429, or 503 for a tier
 * failing closed while the store is away. A shadow tier refuses nobody, whatever the
 * state of the store.
 * <p>
 * A servlet edge calls the guards on the request's thread, a reactive one awaits them;
 * both run the same steps:
 *
 * <pre class="code">
 * RequestCharge charge = pipeline.prepare(limits, parts);
 * for (PermitAsk ask : charge.permits()) {
 *     RateLimitReport refused = pipeline.permitted(limits, ask, permits.acquire(...));
 *     if (refused != null) { release limits.takePermits(); refuse with it; }
 * }
 * RateLimitReport report = pipeline.apply(limits, charge, guard.decideAll(charge.charges()));
 * </pre>
 */
public class RateLimitPipeline {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitPipeline.class);

	private final ConcurrencyLimits concurrencyLimits;

	private final RateLimitObserver observer;

	private final RateLimitReporter reporter;

	private final Predicate<String> chargedAfterResponse;

	private final long jitterSeconds;

	private final long unavailableRetryAfterSeconds;

	/**
	 * Create the pipeline.
	 * @param concurrencyLimits the tiers' concurrency limits
	 * @param observer receives every outcome
	 * @param policies the tiers' policy names
	 * @param chargedAfterResponse tells the tiers settled once the response is complete
	 * @param retryAfterJitter largest random delay added to a {@code Retry-After} that
	 * waits, not negative
	 * @param unavailableRetryAfterSeconds the {@code Retry-After} of a fail-closed 503
	 */
	public RateLimitPipeline(ConcurrencyLimits concurrencyLimits, RateLimitObserver observer, TierPolicies policies,
			Predicate<String> chargedAfterResponse, Duration retryAfterJitter, long unavailableRetryAfterSeconds) {
		this.concurrencyLimits = concurrencyLimits;
		this.observer = observer;
		this.reporter = new RateLimitReporter(policies);
		this.chargedAfterResponse = chargedAfterResponse;
		this.jitterSeconds = DeltaSeconds.of(retryAfterJitter);
		this.unavailableRetryAfterSeconds = unavailableRetryAfterSeconds;
	}

	/**
	 * Prepare the calls a request's parts need. A client named twice is charged once, at
	 * the larger cost; a part this request was already charged is charged the difference
	 * only, or the whole cost when it exceeds a limit's burst, so that the denial says it
	 * can never be admitted.
	 * @param limits what the request was decided so far
	 * @param parts the request's parts, in order
	 * @return the permits and charges to ask for
	 */
	public RequestCharge prepare(RequestRateLimits limits, List<ClientPart> parts) {
		List<ClientPart> merged = merged(parts);
		List<PermitAsk> permits = List.of();
		List<ClientPart> owing = new ArrayList<>(merged.size());
		List<ClientCharge> charges = new ArrayList<>(merged.size());
		for (ClientPart part : merged) {
			ConcurrencyLimit limit = this.concurrencyLimits.of(part.tier().name());
			if (limit != null && !limits.decidedInFlight(part.key())) {
				permits = (permits.isEmpty()) ? new ArrayList<>(1) : permits;
				permits.add(new PermitAsk(part, limit));
			}
			long charged = limits.charged(part.key());
			if (part.cost() > charged && !part.tier().limits().isEmpty()) {
				owing.add(part);
				charges.add(new ClientCharge(part.key(), part.tier(), topUp(part, charged)));
			}
		}
		return new RequestCharge(permits, owing, charges);
	}

	/**
	 * Take the answer to a permit asked for: observe and record it.
	 * @param limits what the request was decided so far
	 * @param ask the permit asked for
	 * @param verdict the concurrency guard's answer
	 * @return the report of the refusal if the answer refuses the request, else
	 * {@code null}; the edge then releases every permit the request holds
	 */
	public @Nullable RateLimitReport permitted(RequestRateLimits limits, PermitAsk ask, PermitVerdict verdict) {
		Tier tier = ask.part().tier();
		PermitDecision decision = verdict.decision();
		boolean rejecting = verdict.rejects(tier);
		Decision asDecision = (decision != null) ? asDecision(decision) : null;
		this.observer.decided(tier, Outcome.of(verdict.source(), decision == null || decision.allowed(), tier.shadow()),
				asDecision);
		if (decision != null) {
			limits.recordInFlight(ask.part().key(), tier, decision, rejecting, verdict.permit());
		}
		if (!rejecting) {
			return null;
		}
		if (decision == null) {
			return RateLimitReporter.unavailable(tier.name(), this.unavailableRetryAfterSeconds);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + ask.part().token() + " on tier '" + tier.name()
					+ "': too many requests in flight");
		}
		return this.reporter.inFlightRefusal(limits, tier.name(), decision.limit(), withJitter(1),
				Objects.requireNonNull(asDecision));
	}

	/**
	 * Take the guard's verdicts on a request's charges: observe and record them, and keep
	 * the charges of tiers settled once the response is complete
	 * ({@link RequestRateLimits#responseCharges()}).
	 * @param limits what the request was decided so far
	 * @param charge the prepared charges
	 * @param verdicts the guard's verdicts, one per charge, {@code null} where none was
	 * reached; empty when there was nothing to charge
	 * @return the report: of the refusal if a verdict refuses the request (the edge then
	 * releases every permit it holds), else of every tier that applied so far
	 */
	public RateLimitReport apply(RequestRateLimits limits, RequestCharge charge, List<@Nullable Verdict> verdicts) {
		List<ClientPart> owing = charge.owing();
		int rejecting = -1;
		for (int i = 0; i < verdicts.size(); i++) {
			Verdict verdict = verdicts.get(i);
			if (verdict != null && applied(limits, owing.get(i), verdict) && rejecting < 0) {
				rejecting = i;
			}
		}
		if (rejecting >= 0) {
			return refusal(limits, owing.get(rejecting), verdicts.get(rejecting));
		}
		long at = System.nanoTime();
		for (int i = 0; i < verdicts.size(); i++) {
			Verdict verdict = verdicts.get(i);
			ClientPart part = owing.get(i);
			Decision decision = (verdict != null) ? verdict.decision() : null;
			if (decision != null && decision.allowed() && verdict.source() != Verdict.Source.NOT_CHARGED
					&& this.chargedAfterResponse.test(part.tier().name())) {
				limits.chargeAfterResponse(part.key(), part.tier(), verdict, charge.charges().get(i).cost(), at);
			}
		}
		return this.reporter.report(limits, 0, null);
	}

	/**
	 * Observe and record a part's verdict.
	 * @return whether the verdict rejects the request
	 */
	private boolean applied(RequestRateLimits limits, ClientPart part, Verdict verdict) {
		Tier tier = part.tier();
		Decision decision = verdict.decision();
		long charged = limits.charged(part.key());
		if (verdict.source() == Verdict.Source.NOT_CHARGED && decision != null) {
			// neither admitted nor denied on its own: its standing is reported, no
			// outcome
			limits.record(part.key(), tier, charged, decision, false);
			return false;
		}
		boolean rejecting = verdict.rejects(tier);
		this.observer.decided(tier, Outcome.of(verdict.source(), decision == null || decision.allowed(), tier.shadow()),
				decision);
		if (decision != null) {
			limits.record(part.key(), tier, rejecting ? charged : part.cost(), decision, rejecting);
		}
		return rejecting;
	}

	private RateLimitReport refusal(RequestRateLimits limits, ClientPart part, Verdict verdict) {
		Tier tier = part.tier();
		Decision decision = verdict.decision();
		if (decision == null) {
			return RateLimitReporter.unavailable(tier.name(), this.unavailableRetryAfterSeconds);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Denied client " + part.token() + " on tier '" + tier.name() + "' by limit '"
					+ decision.deciding().spec().name() + "'");
		}
		// computed once, jitter included, for both the field and the problem body
		long retryAfter = (decision.reason() == Decision.Reason.LIMIT_EXCEEDED)
				? withJitter(Math.max(1, DeltaSeconds.of(decision.retryAfter()))) : 0;
		return this.reporter.rateRefusal(limits, tier.name(), decision, retryAfter);
	}

	private long withJitter(long seconds) {
		return (this.jitterSeconds == 0) ? seconds
				: seconds + ThreadLocalRandom.current().nextLong(this.jitterSeconds + 1);
	}

	/**
	 * Return the parts with a client named twice merged into one, at the larger cost.
	 */
	private static List<ClientPart> merged(List<ClientPart> parts) {
		if (parts.size() == 1) {
			return parts;
		}
		Map<String, ClientPart> merged = new LinkedHashMap<>();
		for (ClientPart part : parts) {
			merged.merge(part.key(), part, (first, second) -> (second.cost() > first.cost()) ? second : first);
		}
		return new ArrayList<>(merged.values());
	}

	/**
	 * Return what a part still owes: its cost, less what this request was already charged
	 * on it, or the whole cost when that exceeds a limit's burst.
	 */
	private static long topUp(ClientPart part, long charged) {
		if (charged == 0) {
			return part.cost();
		}
		for (LimitSpec limit : part.tier().limits()) {
			if (part.cost() > limit.burst()) {
				return part.cost();
			}
		}
		return part.cost() - charged;
	}

	/**
	 * Return a permit decision as the limiter's other decisions read: one limit of
	 * {@code limit} units per maximum duration, the permits left as its units, a denial
	 * retried after a second.
	 */
	private static Decision asDecision(PermitDecision decision) {
		ConcurrencyLimit limit = decision.limit();
		LimitSpec spec = new LimitSpec(limit.name(), limit.limit(), limit.maxDuration(), limit.limit(),
				Algorithm.FIXED_WINDOW);
		Duration wait = decision.allowed() ? Duration.ZERO : Duration.ofSeconds(1);
		return Decision.of(decision.allowed(), List.of(new LimitOutcome(spec, decision.remaining(), wait, wait)));
	}

}

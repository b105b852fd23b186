package dev.ratelimit.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DeltaSeconds;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.http.RateLimitReport.Policy;
import dev.ratelimit.http.RateLimitReport.Refusal;
import dev.ratelimit.http.RateLimitReport.Standing;
import dev.ratelimit.http.RequestRateLimits.Applied;
import dev.ratelimit.http.RequestRateLimits.InFlight;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Builds the {@link RateLimitReport} of a request from what it was decided: every limit
 * of every tier that applied, named by {@link TierPolicies}, and the most restrictive of
 * them: the concurrency limit that denied, else the denying rate limit with the longest
 * wait, else the one with the fewest units left ({@link Decision#MOST_RESTRICTIVE}).
 */
final class RateLimitReporter {

	private final TierPolicies names;

	RateLimitReporter(TierPolicies names) {
		this.names = names;
	}

	/**
	 * Report a request that goes on, or that a limit refused.
	 * @param limits what the request was decided
	 * @param retryAfterSeconds the {@code Retry-After} of a refusal that waits, else 0
	 * @param refusal who refused it, {@code null} when it goes on
	 * @return the report
	 */
	RateLimitReport report(RequestRateLimits limits, long retryAfterSeconds, @Nullable Refusal refusal) {
		Collection<Applied> applied = limits.applied();
		Collection<InFlight> inFlight = limits.inFlight();
		boolean single = single(applied, inFlight);
		List<Policy> policies = new ArrayList<>(applied.size() * 2 + inFlight.size());
		boolean denied = false;
		Applied rejecting = null;
		Applied lastDenied = null;
		for (Applied decided : applied) {
			TierPolicies.Names names = this.names.of(decided.tier());
			List<LimitOutcome> outcomes = decided.decision().outcomes();
			for (int i = 0; i < outcomes.size(); i++) {
				LimitOutcome outcome = outcomes.get(i);
				TierPolicies.Name name = unique(
						names.rate(i, single, outcome.spec(), outcome.spec().burst(), outcome.windowSeconds()),
						policies);
				policies.add(new Policy(name.name(), name.quoted(), name.policyItem(), name.quota(),
						name.windowSeconds(), outcome.remaining(), resetSeconds(decided, outcome),
						decided.rejecting() && decided.violated(outcome), false));
			}
			if (!decided.decision().allowed()) {
				denied = true;
				lastDenied = decided;
			}
			if (decided.rejecting()) {
				rejecting = decided;
			}
		}
		InFlight inFlightRejecting = null;
		InFlight fewestLeft = null;
		for (InFlight decided : inFlight) {
			TierPolicies.Name name = unique(
					this.names.of(decided.tier()).concurrent(single, decided.decision().limit()), policies);
			policies.add(new Policy(name.name(), name.quoted(), name.policyItem(), name.quota(), 0,
					decided.decision().remaining(), 0, decided.rejecting(), true));
			denied |= !decided.decision().allowed();
			if (decided.rejecting()) {
				inFlightRejecting = decided;
			}
			if (fewestLeft == null || decided.decision().remaining() < fewestLeft.decision().remaining()) {
				fewestLeft = decided;
			}
		}
		Standing standing;
		if (inFlightRejecting != null || applied.isEmpty()) {
			InFlight deciding = (inFlightRejecting != null) ? inFlightRejecting : fewestLeft;
			standing = (deciding != null) ? new Standing(deciding.decision().limit().limit(),
					deciding.decision().remaining(), (inFlightRejecting != null) ? retryAfterSeconds : 0) : null;
		}
		else {
			LimitOutcome deciding = mostRestrictive(applied, (rejecting != null) ? rejecting : lastDenied);
			standing = new Standing(deciding.spec().burst(), deciding.remaining(),
					DeltaSeconds.of(deciding.resetAfter()));
		}
		HttpStatus status = (refusal != null) ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.OK;
		return new RateLimitReport(status, policies, standing, retryAfterSeconds, denied, refusal);
	}

	/**
	 * Report a request a rate limit refused.
	 * @param limits what the request was decided, the refusing decision included
	 * @param tier the refusing tier's name
	 * @param denial the denial
	 * @param retryAfterSeconds the {@code Retry-After}, 0 for a cost that can never fit
	 * @return the report
	 */
	RateLimitReport rateRefusal(RequestRateLimits limits, String tier, Decision denial, long retryAfterSeconds) {
		LimitSpec deciding = denial.deciding().spec();
		Refusal refusal = (denial.reason() == Decision.Reason.COST_EXCEEDS_CAPACITY)
				? new Refusal(tier, deciding.name(), "cost-exceeds-capacity",
						"This request costs more than limit '" + deciding.name() + "' of tier '" + tier
								+ "' can ever hold (" + deciding.burst() + "); it cannot be admitted.",
						denial)
				: new Refusal(tier, deciding.name(), "limit-exceeded", "Limit '" + deciding.name() + "' of tier '"
						+ tier + "' is exhausted; retry in " + retryAfterSeconds + " s.", denial);
		return report(limits, retryAfterSeconds, refusal);
	}

	/**
	 * Report a request a concurrency limit refused.
	 * @param limits what the request was decided, the refusing decision included
	 * @param tier the refusing tier's name
	 * @param limit the concurrency limit, or this node's share of it
	 * @param retryAfterSeconds the {@code Retry-After}
	 * @param denial the refusal as a decision
	 * @return the report
	 */
	RateLimitReport inFlightRefusal(RequestRateLimits limits, String tier, ConcurrencyLimit limit,
			long retryAfterSeconds, Decision denial) {
		return report(limits, retryAfterSeconds, new Refusal(
				tier, limit.name(), "limit-exceeded", "Limit '" + limit.name() + "' of tier '" + tier + "' allows "
						+ limit.limit() + " requests in flight at once; retry in " + retryAfterSeconds + " s.",
				denial));
	}

	/**
	 * Report a request refused because a tier failing closed could not be decided.
	 */
	static RateLimitReport unavailable(String tier, long retryAfterSeconds) {
		Refusal refusal = new Refusal(tier, null, "limiter-unavailable", "Rate limiting for tier '" + tier
				+ "' is temporarily unavailable and this tier fails closed; " + "retry in " + retryAfterSeconds + " s.",
				null);
		return new RateLimitReport(HttpStatus.SERVICE_UNAVAILABLE, List.of(), null, retryAfterSeconds, true, refusal);
	}

	/**
	 * Return the {@code t} of a limit: for a limit that denied the request the seconds
	 * until it has room for it, at least 1, else the seconds until it is full again.
	 */
	private static long resetSeconds(Applied decided, LimitOutcome outcome) {
		if (decided.violated(outcome) && decided.decision().reason() == Decision.Reason.LIMIT_EXCEEDED) {
			return Math.max(1, DeltaSeconds.of(outcome.retryAfter()));
		}
		return DeltaSeconds.of(outcome.resetAfter());
	}

	private static LimitOutcome mostRestrictive(Collection<Applied> applied, @Nullable Applied denying) {
		if (denying != null) {
			return denying.decision().deciding();
		}
		LimitOutcome most = null;
		for (Applied decided : applied) {
			LimitOutcome deciding = decided.decision().deciding();
			if (most == null || Decision.MOST_RESTRICTIVE.compare(deciding, most) < 0) {
				most = deciding;
			}
		}
		return most;
	}

	/**
	 * Return whether every decision of the request is of one tier and client, whose
	 * limits' names are then distinct on their own.
	 */
	private static boolean single(Collection<Applied> applied, Collection<InFlight> inFlight) {
		String key = null;
		for (Applied decided : applied) {
			if (key != null && !key.equals(decided.key())) {
				return false;
			}
			key = decided.key();
		}
		for (InFlight decided : inFlight) {
			if (key != null && !key.equals(decided.key())) {
				return false;
			}
			key = decided.key();
		}
		return true;
	}

	/**
	 * Return a name not yet reported, with {@code #2}, {@code #3} added to a repeated
	 * one.
	 */
	private static TierPolicies.Name unique(TierPolicies.Name name, List<Policy> reported) {
		String unique = name.name();
		for (int i = 2; taken(unique, reported); i++) {
			unique = name.name() + "#" + i;
		}
		return unique.equals(name.name()) ? name : name.renamed(unique);
	}

	private static boolean taken(String name, List<Policy> reported) {
		for (Policy policy : reported) {
			if (policy.name().equals(name)) {
				return true;
			}
		}
		return false;
	}

}

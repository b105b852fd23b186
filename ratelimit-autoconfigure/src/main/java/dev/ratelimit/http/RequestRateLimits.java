package dev.ratelimit.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * Every tier decision made for one request, held by the edge for the whole request (a
 * servlet request attribute, an exchange attribute): the units each tier and client was
 * charged and how each stands, so that the report speaks for every tier that applied, not
 * only the last; the permits of concurrency limits the request holds; and the charges to
 * settle once its response is complete.
 * <p>
 * A tier and client named twice in one request (a filter rule and an annotation, say) is
 * charged once, at the larger cost: the second naming charges only the difference.
 * Nothing is refunded: when a later charge is denied, by the same tier's top-up or by
 * another tier, the units already charged stay charged, as they would for a client that
 * sent the cheaper request alone. A tier with a concurrency limit holds one permit per
 * client for the request, however often it is named.
 */
public final class RequestRateLimits {

	private final Map<String, Applied> applied = new LinkedHashMap<>(4);

	private final Map<String, InFlight> inFlight = new LinkedHashMap<>(2);

	private final List<Permit> permits = new ArrayList<>(1);

	private final Map<String, ResponseCharge> responseCharges = new LinkedHashMap<>(2);

	/**
	 * Create the state of a request that nothing has decided yet.
	 */
	public RequestRateLimits() {
	}

	/**
	 * Return the units this request has already been charged on a tier for a client.
	 * @param key the tier's key for the client
	 * @return the units, 0 if none
	 */
	long charged(String key) {
		Applied applied = this.applied.get(key);
		return (applied != null) ? applied.charged() : 0;
	}

	/**
	 * Record a decision, replacing an earlier one of the same tier and client.
	 * @param key the tier's key for the client
	 * @param tier the tier decided
	 * @param charged the units charged to it so far during this request
	 * @param decision the latest decision
	 * @param rejecting whether the decision rejects the request (a denial not in shadow
	 * mode)
	 */
	void record(String key, Tier tier, long charged, Decision decision, boolean rejecting) {
		this.applied.put(key, new Applied(key, tier, charged, decision, rejecting));
	}

	/**
	 * Return whether a concurrency limit was decided during this request for a tier and
	 * client.
	 * @param key the tier's key for the client
	 * @return whether it was
	 */
	boolean decidedInFlight(String key) {
		return this.inFlight.containsKey(key);
	}

	/**
	 * Record a decision of a tier's concurrency limit and the permit it granted.
	 * @param key the tier's key for the client
	 * @param tier the tier
	 * @param decision the decision
	 * @param rejecting whether the decision rejects the request
	 * @param permit the permit granted, or {@code null}
	 */
	void recordInFlight(String key, Tier tier, PermitDecision decision, boolean rejecting, @Nullable Permit permit) {
		this.inFlight.put(key, new InFlight(key, tier, decision, rejecting));
		if (permit != null) {
			this.permits.add(permit);
		}
	}

	/**
	 * Return the permits held for this request and forget them, so that each is released
	 * once.
	 * @return the permits
	 */
	public List<Permit> takePermits() {
		if (this.permits.isEmpty()) {
			return List.of();
		}
		List<Permit> taken = List.copyOf(this.permits);
		this.permits.clear();
		return taken;
	}

	/**
	 * Record a charge to settle once the response is complete, added to an earlier one of
	 * the same tier and client.
	 */
	void chargeAfterResponse(String key, Tier tier, Verdict verdict, long units, long at) {
		this.responseCharges.merge(key, new ResponseCharge(key, tier, verdict, units, at), ResponseCharge::plus);
	}

	/**
	 * Return the charges to settle once the response is complete, in the order the tiers
	 * first applied.
	 * @return the charges
	 */
	public Collection<ResponseCharge> responseCharges() {
		return this.responseCharges.values();
	}

	/**
	 * Return every tier's latest decision, in the order the tiers first applied.
	 */
	Collection<Applied> applied() {
		return this.applied.values();
	}

	/**
	 * Return every concurrency limit's decision, in the order the tiers first applied.
	 */
	Collection<InFlight> inFlight() {
		return this.inFlight.values();
	}

	/**
	 * One tier's concurrency limit decided for one client during the request.
	 *
	 * @param key the tier's key for the client
	 * @param tier the tier
	 * @param decision the decision
	 * @param rejecting whether the decision rejects the request
	 */
	record InFlight(String key, Tier tier, PermitDecision decision, boolean rejecting) {

	}

	/**
	 * One tier's latest decision for one client during the request.
	 *
	 * @param key the tier's key for the client
	 * @param tier the tier
	 * @param charged the units charged so far
	 * @param decision the decision
	 * @param rejecting whether the decision rejects the request
	 */
	record Applied(String key, Tier tier, long charged, Decision decision, boolean rejecting) {

		/**
		 * Return whether a limit is violated by this decision: it denied the request.
		 * @param outcome one of the decision's outcomes
		 * @return whether it is violated
		 */
		boolean violated(LimitOutcome outcome) {
			if (this.decision.allowed()) {
				return false;
			}
			if (this.decision.reason() == Decision.Reason.COST_EXCEEDS_CAPACITY) {
				return outcome.equals(this.decision.deciding());
			}
			return !outcome.fits();
		}

	}

	/**
	 * One client's charge on one tier, admitted before the handler ran, to settle once
	 * the response shows what it owes.
	 *
	 * @param key the tier's key for the client
	 * @param tier the tier decided
	 * @param verdict the latest verdict that charged it
	 * @param units the units charged during the request
	 * @param at when the latest charge was made, in {@link System#nanoTime()}
	 */
	public record ResponseCharge(String key, Tier tier, Verdict verdict, long units, long at) {

		ResponseCharge plus(ResponseCharge later) {
			return new ResponseCharge(this.key, later.tier(), later.verdict(), this.units + later.units(), later.at());
		}

	}

}

package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitDecision;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Every tier decision made for one request, kept in a request attribute: the units each
 * tier and client was charged, and how each stands, so that the response fields and the
 * problem body speak for every tier that applied, not only the last.
 * <p>
 * A tier and client named twice in one request (a filter rule and an annotation, say) is
 * charged once, at the larger cost: the second naming charges only the difference.
 * Nothing is refunded: when a later charge is denied, by the same tier's top-up or by
 * another tier, the units already charged stay charged, as they would for a client that
 * sent the cheaper request alone.
 * <p>
 * A tier with a concurrency limit holds one permit per client for the request, however
 * often it is named, recorded beside the tiers' decisions and released once the response
 * is complete, or at once when the request is rejected.
 */
public final class RequestRateLimits {

	private static final String ATTRIBUTE = RequestRateLimits.class.getName();

	private final Map<String, Applied> applied = new LinkedHashMap<>();

	private final Map<String, InFlight> inFlight = new LinkedHashMap<>();

	private final List<Permit> permits = new ArrayList<>(1);

	RequestRateLimits() {
	}

	/**
	 * Return the decisions of a request, created empty on first use.
	 * @param request the request
	 * @return its decisions
	 */
	public static RequestRateLimits of(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof RequestRateLimits limits) {
			return limits;
		}
		RequestRateLimits limits = new RequestRateLimits();
		request.setAttribute(ATTRIBUTE, limits);
		return limits;
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
	 * @param tier the tier's name
	 * @param charged the units charged to it so far during this request
	 * @param decision the latest decision
	 * @param rejecting whether the decision rejects the request (a denial not in shadow
	 * mode)
	 */
	void record(String key, String tier, long charged, Decision decision, boolean rejecting) {
		this.applied.put(key, new Applied(tier, charged, decision, rejecting));
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
	 * @param tier the tier's name
	 * @param decision the decision
	 * @param rejecting whether the decision rejects the request
	 * @param permit the permit granted, or {@code null}
	 */
	void recordInFlight(String key, String tier, PermitDecision decision, boolean rejecting, @Nullable Permit permit) {
		this.inFlight.put(key, new InFlight(tier, decision, rejecting));
		if (permit != null) {
			this.permits.add(permit);
		}
	}

	/**
	 * Return the permits held for this request and forget them, so that each is released
	 * once.
	 * @return the permits
	 */
	List<Permit> takePermits() {
		List<Permit> taken = List.copyOf(this.permits);
		this.permits.clear();
		return taken;
	}

	/**
	 * Return every concurrency limit's decision, in the order the tiers first applied.
	 * @return the decisions
	 */
	public List<InFlight> inFlight() {
		return List.copyOf(this.inFlight.values());
	}

	/**
	 * Return every tier's latest decision, in the order the tiers first applied.
	 * @return the decisions
	 */
	public List<Applied> applied() {
		return List.copyOf(this.applied.values());
	}

	/**
	 * Return the policy names of the fields and the problem body: each limit's own name
	 * when one tier applied, else {@code tier.limit}, with {@code #2}, {@code #3} added
	 * should a tier apply for two clients.
	 * @return the names, per applied decision, per outcome, then one more list: the names
	 * of the concurrency limits, per {@link #inFlight()} decision
	 */
	List<List<String>> policyNames() {
		List<Applied> all = applied();
		boolean single = single();
		Set<String> used = new HashSet<>();
		List<List<String>> names = new ArrayList<>(all.size() + 1);
		for (Applied applied : all) {
			List<String> tierNames = new ArrayList<>();
			for (LimitOutcome outcome : applied.decision().outcomes()) {
				tierNames.add(unique(single, applied.tier(), outcome.spec().name(), used));
			}
			names.add(tierNames);
		}
		List<String> inFlightNames = new ArrayList<>(this.inFlight.size());
		for (InFlight decided : this.inFlight.values()) {
			inFlightNames.add(unique(single, decided.tier(), decided.decision().limit().name(), used));
		}
		names.add(inFlightNames);
		return names;
	}

	/**
	 * Return whether every decision of the request is of one tier and client, whose
	 * limits' names are then distinct on their own.
	 */
	private boolean single() {
		Set<String> keys = new HashSet<>(this.applied.keySet());
		keys.addAll(this.inFlight.keySet());
		return keys.size() == 1;
	}

	private static String unique(boolean single, String tier, String limit, Set<String> used) {
		String name = single ? limit : tier + "." + limit;
		String unique = name;
		for (int i = 2; !used.add(unique); i++) {
			unique = name + "#" + i;
		}
		return unique;
	}

	/**
	 * One tier's concurrency limit decided for one client during the request.
	 *
	 * @param tier the tier's name
	 * @param decision the decision
	 * @param rejecting whether the decision rejects the request
	 */
	public record InFlight(String tier, PermitDecision decision, boolean rejecting) {

	}

	/**
	 * One tier's latest decision for one client during the request.
	 *
	 * @param tier the tier's name
	 * @param charged the units charged so far
	 * @param decision the decision
	 * @param rejecting whether the decision rejects the request
	 */
	public record Applied(String tier, long charged, Decision decision, boolean rejecting) {

		/**
		 * Return whether a limit is violated by this decision: it denied the request.
		 * @param outcome one of the decision's outcomes
		 * @return whether it is violated
		 */
		public boolean violated(LimitOutcome outcome) {
			if (this.decision.allowed()) {
				return false;
			}
			if (this.decision.reason() == Decision.Reason.COST_EXCEEDS_CAPACITY) {
				return outcome.equals(this.decision.deciding());
			}
			return !outcome.fits();
		}

	}

}

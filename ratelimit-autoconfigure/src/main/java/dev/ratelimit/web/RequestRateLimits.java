package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import jakarta.servlet.http.HttpServletRequest;

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
 */
public final class RequestRateLimits {

	private static final String ATTRIBUTE = RequestRateLimits.class.getName();

	private final Map<String, Applied> applied = new LinkedHashMap<>();

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
	 * @return the names, per applied decision, per outcome
	 */
	List<List<String>> policyNames() {
		List<Applied> all = applied();
		Set<String> used = new HashSet<>();
		List<List<String>> names = new ArrayList<>(all.size());
		for (Applied applied : all) {
			List<String> tierNames = new ArrayList<>();
			for (LimitOutcome outcome : applied.decision().outcomes()) {
				String name = (all.size() == 1) ? outcome.spec().name() : applied.tier() + "." + outcome.spec().name();
				String unique = name;
				for (int i = 2; !used.add(unique); i++) {
					unique = name + "#" + i;
				}
				tierNames.add(unique);
			}
			names.add(tierNames);
		}
		return names;
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

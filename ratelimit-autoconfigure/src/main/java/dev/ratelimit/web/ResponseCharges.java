package dev.ratelimit.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges the tiers that count by the outcome or take their cost from the response: a
 * request is decided and charged before its handler as on any tier (a client over its
 * budget is denied without running it), and settled once the response is complete
 * ({@link ResponseCompletion}), in at most one more store call: the units beyond those
 * charged (a cost read from the response) are charged whether they fit or not, so the
 * client may go into debt and waits until it is repaid; units charged beyond what it owes
 * (a status the tier does not count, a smaller cost) are given back.
 */
public class ResponseCharges {

	private static final Logger logger = LoggerFactory.getLogger(ResponseCharges.class);

	private static final String PENDING = ResponseCharges.class.getName() + ".pending";

	/** The request attribute holding the handler's returned value once written. */
	static final String RESULT = ResponseCharges.class.getName() + ".result";

	private final RateLimitGuard guard;

	private final Map<String, ResponseCharging> tiers;

	/**
	 * Create the charges.
	 * @param guard settles on the store
	 * @param tiers how each tier charged after the response is charged, by name; a tier
	 * not named is charged before the handler only
	 */
	public ResponseCharges(RateLimitGuard guard, Map<String, ResponseCharging> tiers) {
		this.guard = guard;
		this.tiers = Map.copyOf(tiers);
	}

	/**
	 * Return whether a tier is settled once the response is complete, and may so give
	 * units back.
	 * @param tier the tier's name
	 * @return whether it is charged after the response
	 */
	public boolean chargedAfterResponse(String tier) {
		return this.tiers.containsKey(tier);
	}

	/**
	 * Settle a tier's charge once the response is complete, if the tier is charged after
	 * the response and the verdict admitted and charged the request.
	 * @param request the request
	 * @param response the response, whose headers may give the cost
	 * @param tier the tier decided
	 * @param key the client's key within the tier
	 * @param units the units the verdict charged
	 * @param verdict the verdict
	 */
	void register(HttpServletRequest request, @Nullable HttpServletResponse response, Tier tier, String key, long units,
			Verdict verdict) {
		ResponseCharging charging = this.tiers.get(tier.name());
		Decision decision = verdict.decision();
		if (charging == null || decision == null || !decision.allowed()
				|| verdict.source() == Verdict.Source.NOT_CHARGED) {
			return;
		}
		@SuppressWarnings("unchecked")
		Map<String, Pending> pending = (Map<String, Pending>) request.getAttribute(PENDING);
		if (pending == null) {
			Map<String, Pending> created = new LinkedHashMap<>(2);
			request.setAttribute(PENDING, created);
			ResponseCompletion.onComplete(request, (status) -> settle(request, response, created, status));
			pending = created;
		}
		pending.merge(key, new Pending(tier, charging, verdict, units, System.nanoTime()), Pending::plus);
	}

	/**
	 * Return whether a request has charges to settle once its response is complete.
	 * @param request the request
	 * @return whether it has
	 */
	static boolean pending(HttpServletRequest request) {
		return request.getAttribute(PENDING) != null;
	}

	private void settle(HttpServletRequest request, @Nullable HttpServletResponse response,
			Map<String, Pending> pending, int status) {
		Object result = request.getAttribute(RESULT);
		pending.forEach((key, charge) -> {
			ResponseCost cost = charge.charging().cost();
			long owed = !charge.charging().statuses().counts(status) ? 0
					: (cost != null) ? cost.owed(result, response, charge.units()) : charge.units();
			try {
				this.guard.settleResponse(key, charge.tier(), charge.verdict(), charge.units(), owed,
						Duration.ofNanos(System.nanoTime() - charge.at()));
			}
			catch (RuntimeException ex) {
				// the client stays charged what it was before the handler
				logger.warn("Settling a response on tier '" + charge.tier().name() + "' failed ("
						+ ex.getClass().getName() + ")");
			}
		});
	}

	/**
	 * One client's charge on one tier during a request, settled once its response is
	 * complete.
	 */
	private record Pending(Tier tier, ResponseCharging charging, Verdict verdict, long units, long at) {

		Pending plus(Pending later) {
			return new Pending(later.tier(), later.charging(), later.verdict(), this.units + later.units(), later.at());
		}

	}

}

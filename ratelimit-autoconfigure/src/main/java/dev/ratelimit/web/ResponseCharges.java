package dev.ratelimit.web;

import java.time.Duration;
import java.util.Map;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RefundableUnits;
import dev.ratelimit.http.RequestRateLimits;
import dev.ratelimit.http.RequestRateLimits.ResponseCharge;
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
	 * Settle the request's charges of tiers charged after the response once it is
	 * complete; the first call that finds charges arranges it, the later ones find it
	 * arranged.
	 * @param request the request
	 * @param response the response, whose headers may give the cost
	 * @param limits the request's decisions, which hold its charges
	 */
	void settleOnCompletion(HttpServletRequest request, @Nullable HttpServletResponse response,
			RequestRateLimits limits) {
		if (limits.responseCharges().isEmpty() || pending(request)) {
			return;
		}
		request.setAttribute(PENDING, Boolean.TRUE);
		ResponseCompletion.onComplete(request, (status) -> settle(request, response, limits, status));
	}

	/**
	 * Return whether a request has charges to settle once its response is complete.
	 * @param request the request
	 * @return whether it has
	 */
	static boolean pending(HttpServletRequest request) {
		return request.getAttribute(PENDING) != null;
	}

	private void settle(HttpServletRequest request, @Nullable HttpServletResponse response, RequestRateLimits limits,
			int status) {
		Object result = request.getAttribute(RESULT);
		for (ResponseCharge charge : limits.responseCharges()) {
			ResponseCharging charging = this.tiers.get(charge.tier().name());
			Decision decision = charge.verdict().decision();
			if (charging == null || decision == null) {
				continue;
			}
			ResponseCost cost = charging.cost();
			long units = charge.units();
			long owed = !charging.statuses().counts(status) ? 0
					: (cost != null) ? cost.owed(result, response, units) : units;
			Duration since = Duration.ofNanos(System.nanoTime() - charge.at());
			if (owed < units) {
				// a refilled unit is no longer the request's to give back
				owed = units - RefundableUnits.of(decision, since, units - owed);
			}
			try {
				this.guard.settleResponse(charge.key(), charge.tier(), charge.verdict(), units, owed, since);
			}
			catch (RuntimeException ex) {
				// the client stays charged what it was before the handler
				logger.warn("Settling a response on tier '" + charge.tier().name() + "' failed ("
						+ ex.getClass().getName() + ")");
			}
		}
	}

}

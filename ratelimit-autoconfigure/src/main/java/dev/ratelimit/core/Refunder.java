package dev.ratelimit.core;

import java.time.Duration;

/**
 * A limiter that can give back units a request was charged before its response showed it
 * owes fewer, such as a login that succeeded on a tier counting failures only.
 */
public interface Refunder {

	/**
	 * Give units back to every limit of a key, never beyond a full limit: a bucket's
	 * schedule moves back, a window's count goes down only in the window charged, a
	 * sliding log gives nothing back.
	 * @param request the key, its limits and the units to give back as the cost, at most
	 * the cost charged
	 * @param charged the decision that charged them
	 * @param since how long ago that decision was made
	 * @return how every limit stands after the refund, as a peek reports it
	 */
	Decision refund(DecisionRequest request, Decision charged, Duration since);

}

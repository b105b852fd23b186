package dev.ratelimit.core;

/**
 * A limiter that can be charged units admitted while it could not be asked, such as by a
 * node's local fallback during an outage, without denying them.
 */
public interface Settler {

	/**
	 * Charge units to every limit of a key whether they fit or not: a limit may go into
	 * debt, at most one burst below empty, which later requests of the key wait out.
	 * @param request the key, its limits and the units to charge as the cost, which may
	 * exceed a burst
	 * @return how every limit stands after the charge, reported as admitted
	 */
	Decision settle(DecisionRequest request);

}

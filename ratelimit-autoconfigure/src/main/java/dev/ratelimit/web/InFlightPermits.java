package dev.ratelimit.web;

import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.http.RequestCharge.PermitAsk;
import dev.ratelimit.http.RequestRateLimits;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Takes the permits of tiers' concurrency limits that a servlet request asks for
 * ({@link dev.ratelimit.http.RateLimitPipeline#prepare}) and releases each once the
 * response is complete ({@link ResponseCompletion}: synchronous and asynchronous
 * handlers, errors and clients that went away alike), or at once when the request is
 * refused.
 */
public class InFlightPermits {

	private final ConcurrencyGuard guard;

	/**
	 * Create the permits of requests.
	 * @param guard grants and releases permits
	 */
	public InFlightPermits(ConcurrencyGuard guard) {
		this.guard = guard;
	}

	/**
	 * Ask for a permit, released once the response is complete if granted.
	 * @param request the request
	 * @param ask the permit asked for
	 * @return the guard's answer
	 */
	PermitVerdict acquire(HttpServletRequest request, PermitAsk ask) {
		PermitVerdict verdict = this.guard.acquire(ask.part().key(), ask.part().tier(), ask.limit());
		Permit permit = verdict.permit();
		if (permit != null) {
			ResponseCompletion.onComplete(request, (status) -> this.guard.release(permit));
		}
		return verdict;
	}

	/**
	 * Release at once every permit a refused request holds.
	 * @param limits the request's decisions
	 */
	void releaseAll(RequestRateLimits limits) {
		limits.takePermits().forEach(this.guard::release);
	}

}

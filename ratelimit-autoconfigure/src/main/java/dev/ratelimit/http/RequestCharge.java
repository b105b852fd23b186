package dev.ratelimit.http;

import java.util.List;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.ConcurrencyLimit;

/**
 * What a request asks of the store, prepared by {@link RateLimitPipeline#prepare}: the
 * permits of concurrency limits to take first, then the rate charges, each topped up
 * against what this request was already charged, for the edge to ask the guards (on the
 * request's thread, or asynchronously) and hand back to {@link RateLimitPipeline}.
 */
public final class RequestCharge {

	private final List<PermitAsk> permits;

	private final List<ClientPart> owing;

	private final List<ClientCharge> charges;

	RequestCharge(List<PermitAsk> permits, List<ClientPart> owing, List<ClientCharge> charges) {
		this.permits = permits;
		this.owing = owing;
		this.charges = charges;
	}

	/**
	 * Return the permits to take, in order, before any rate is charged, so that a request
	 * denied for being one too many in flight is charged no rate.
	 * @return the permits to ask for
	 */
	public List<PermitAsk> permits() {
		return this.permits;
	}

	/**
	 * Return the parts to ask the {@link dev.ratelimit.core.RateLimitGuard} to decide
	 * together, in order; empty when the request owes nothing more.
	 * @return the parts
	 */
	public List<ClientCharge> charges() {
		return this.charges;
	}

	/**
	 * Return the request's part behind each charge.
	 */
	List<ClientPart> owing() {
		return this.owing;
	}

	/**
	 * One permit of a tier's concurrency limit a request asks for.
	 *
	 * @param part the client's part of the request
	 * @param limit the tier's concurrency limit
	 */
	public record PermitAsk(ClientPart part, ConcurrencyLimit limit) {

	}

}

package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The result of a guarded decision: who decided, and the decision if one was made.
 *
 * @param source who decided
 * @param decision the decision; {@code null} for {@link Source#FAIL_OPEN} and
 * {@link Source#FAIL_CLOSED}, where no limiter ran
 */
public record Verdict(Source source, @Nullable Decision decision) {

	/**
	 * Return whether this verdict turns the request away on a tier: a denial or a refusal
	 * while the store is away, unless the tier is in shadow mode.
	 * @param tier the tier decided
	 * @return whether the request is rejected
	 */
	public boolean rejects(Tier tier) {
		if (tier.shadow()) {
			return false;
		}
		return this.source == Source.FAIL_CLOSED || (this.decision != null && !this.decision.allowed());
	}

	/**
	 * Who decided a request.
	 */
	public enum Source {

		/** The shared store. */
		PRIMARY,

		/**
		 * This node's memory of the store's latest denial of the client; no store call.
		 */
		DENY_CACHE,

		/** Units this node leased from the store for the client; no store call. */
		LEASE,

		/** The in-process twin, with this node's share of each limit. */
		LOCAL_FALLBACK,

		/** Nobody: the store failed and the policy admits. */
		FAIL_OPEN,

		/** Nobody: the store failed and the policy refuses. */
		FAIL_CLOSED,

		/**
		 * The part fitted, but another client decided with it denied, so nothing was
		 * charged; the decision is the part's standing.
		 */
		NOT_CHARGED

	}

}

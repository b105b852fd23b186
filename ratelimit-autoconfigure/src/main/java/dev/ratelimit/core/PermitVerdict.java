package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The result of a guarded request for a permit: who decided, the decision if one was
 * made, and the permit to release once the response is complete.
 *
 * @param source who decided: {@link Verdict.Source#PRIMARY},
 * {@link Verdict.Source#LOCAL_FALLBACK}, {@link Verdict.Source#FAIL_OPEN} or
 * {@link Verdict.Source#FAIL_CLOSED}
 * @param decision the decision; {@code null} when no limiter decided
 * @param permit the permit granted, {@code null} when none was
 */
public record PermitVerdict(Verdict.Source source, @Nullable PermitDecision decision, @Nullable Permit permit) {

	/**
	 * Return whether this verdict turns the request away on a tier: a denial or a refusal
	 * while the store is away, unless the tier is in shadow mode.
	 * @param tier the tier decided
	 * @return whether the request is rejected
	 */
	public boolean rejects(Tier tier) {
		return !tier.shadow()
				&& (this.source == Verdict.Source.FAIL_CLOSED || (this.decision != null && !this.decision.allowed()));
	}

}

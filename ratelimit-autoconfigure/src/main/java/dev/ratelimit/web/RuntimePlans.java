package dev.ratelimit.web;

import java.util.List;
import java.util.function.Predicate;

import dev.ratelimit.core.Tier;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Applies a {@link PlanLimitsResolver} to a servlet request: asks it for the client's
 * runtime limits on a plan tier and builds the tier the request is decided by through
 * {@link RuntimePlanTiers}, which validates them as it validates the configured limits,
 * caches the result per distinct set of limits and applies the fallback tier, logged
 * once, when they are invalid or the resolver throws.
 */
public class RuntimePlans {

	private final @Nullable PlanLimitsResolver resolver;

	private final RuntimePlanTiers tiers;

	/**
	 * Create the runtime plans.
	 * @param resolver supplies runtime limits, or {@code null} for none
	 * @param fallback decides requests whose runtime limits are invalid, or {@code null}
	 * for the configured limits of the tier that applies
	 * @param chargedAfterResponse tells the tiers settled once the response is complete,
	 * whose runtime limits must be able to give units back
	 */
	public RuntimePlans(@Nullable PlanLimitsResolver resolver, @Nullable Tier fallback,
			Predicate<String> chargedAfterResponse) {
		this.resolver = resolver;
		this.tiers = new RuntimePlanTiers(fallback, chargedAfterResponse);
	}

	/**
	 * Return the tier a request is decided by.
	 * @param request the request
	 * @param tier the tier that applies, with its configured limits
	 * @param named the client named by a key expression, or {@code null} when the caller
	 * is counted
	 * @param client the counted client's token
	 * @return the tier with the client's runtime limits, the tier itself when there are
	 * none, or the fallback tier when they are invalid
	 */
	public Tier apply(HttpServletRequest request, Tier tier, @Nullable String named, String client) {
		// a purpose tier keeps its configured limits: a plan applies only to a plan tier
		if (this.resolver == null || !tier.plan()) {
			return tier;
		}
		List<PlanLimit> limits;
		try {
			limits = (named != null) ? this.resolver.resolveNamed(request, tier, named)
					: this.resolver.resolve(request, tier);
		}
		catch (RuntimeException ex) {
			return this.tiers.failed(tier, client, "PlanLimitsResolver", ex.getClass().getName());
		}
		return this.tiers.of(tier, client, limits);
	}

}

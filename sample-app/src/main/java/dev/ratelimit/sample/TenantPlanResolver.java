package dev.ratelimit.sample;

import java.util.List;

import dev.ratelimit.core.Tier;
import dev.ratelimit.web.PlanLimit;
import dev.ratelimit.web.PlanLimitsResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Looks the counted tenant (the {@code #tenant} key of {@link TenantController}) up in
 * the {@link PlanStore}; the starter validates what it returns and keeps the tenant's
 * state when the plan changes. The tenant's plan applies whoever calls: a caller's paid
 * API key chooses nothing here.
 */
@Component
class TenantPlanResolver implements PlanLimitsResolver {

	private final PlanStore plans;

	TenantPlanResolver(PlanStore plans) {
		this.plans = plans;
	}

	@Override
	public @Nullable List<PlanLimit> resolve(HttpServletRequest request, Tier tier) {
		// the caller is counted: no tenant plan applies
		return null;
	}

	@Override
	public @Nullable List<PlanLimit> resolveNamed(HttpServletRequest request, Tier tier, String tenant) {
		return "tenant".equals(tier.name()) ? this.plans.find(tenant) : null;
	}

}

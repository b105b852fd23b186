package dev.ratelimit.sample;

import java.util.List;
import java.util.Map;

import dev.ratelimit.core.Tier;
import dev.ratelimit.web.PlanLimit;
import dev.ratelimit.web.PlanLimitsResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Looks the tenant of a {@code /api/tenants/{tenant}/...} request up in the
 * {@link PlanStore}; the starter validates what it returns and keeps the tenant's state
 * when the plan changes.
 */
@Component
class TenantPlanResolver implements PlanLimitsResolver {

	private final PlanStore plans;

	TenantPlanResolver(PlanStore plans) {
		this.plans = plans;
	}

	@Override
	public @Nullable List<PlanLimit> resolve(HttpServletRequest request, Tier tier) {
		if (!"tenant".equals(tier.name())
				|| !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path)
				|| !(path.get("tenant") instanceof String tenant)) {
			return null;
		}
		return this.plans.find(tenant);
	}

}

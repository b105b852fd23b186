package dev.ratelimit.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.web.PlanLimit;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The tenants' own plans, in memory: what a real service keeps in its database (and
 * caches), such as an enterprise contract's limits. A tenant without a plan gets the
 * configured limits of the {@code tenant} tier.
 */
@Component
class PlanStore {

	private final Map<String, List<PlanLimit>> plans = new ConcurrentHashMap<>();

	@Nullable List<PlanLimit> find(String tenant) {
		return this.plans.get(tenant);
	}

	void save(String tenant, List<PlanLimit> limits) {
		this.plans.put(tenant, List.copyOf(limits));
	}

	void delete(String tenant) {
		this.plans.remove(tenant);
	}

}

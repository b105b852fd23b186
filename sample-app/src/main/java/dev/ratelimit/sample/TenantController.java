package dev.ratelimit.sample;

import java.util.List;
import java.util.Map;

import dev.ratelimit.web.PlanLimit;
import dev.ratelimit.web.RateLimited;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runtime plans: tenant orders are limited per tenant by the {@code tenant} tier, whose
 * limits a tenant's own plan replaces; the admin endpoints change a plan while the
 * service runs, effective on the tenant's next request. A real service puts the admin
 * endpoints behind its own security.
 */
@RestController
class TenantController {

	private final PlanStore plans;

	private final NodeName node;

	TenantController(PlanStore plans, NodeName node) {
		this.plans = plans;
		this.node = node;
	}

	@RateLimited(tier = "tenant", key = "#tenant")
	@GetMapping("/api/tenants/{tenant}/orders")
	Map<String, String> orders(@PathVariable String tenant) {
		return Map.of("tenant", tenant, "orders", "[]", "node", this.node.get());
	}

	/**
	 * Read a tenant's plan.
	 */
	@GetMapping("/admin/tenants/{tenant}/plan")
	ResponseEntity<List<PlanLimit>> plan(@PathVariable String tenant) {
		List<PlanLimit> plan = this.plans.find(tenant);
		return (plan != null) ? ResponseEntity.ok(plan) : ResponseEntity.notFound().build();
	}

	/**
	 * Replace a tenant's plan, such as
	 * {@code [{"name":"per-hour","limit":1000,"period":"PT1H","algorithm":"token-bucket"}]}.
	 */
	@PutMapping("/admin/tenants/{tenant}/plan")
	List<PlanLimit> changePlan(@PathVariable String tenant, @RequestBody List<PlanLimit> limits) {
		this.plans.save(tenant, limits);
		return limits;
	}

	/**
	 * Return a tenant to the configured limits of the {@code tenant} tier.
	 */
	@DeleteMapping("/admin/tenants/{tenant}/plan")
	ResponseEntity<Void> deletePlan(@PathVariable String tenant) {
		this.plans.delete(tenant);
		return ResponseEntity.noContent().build();
	}

}

package dev.ratelimit.sample;

import java.util.Map;

import dev.ratelimit.web.RateLimited;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenant reports: an expensive call whose budget belongs to the tenant, not to the
 * caller, so the SpEL key is the path variable and every call costs several units.
 */
@RestController
class ReportController {

	/** Units one report costs out of the tenant's {@code reports} budget. */
	static final long REPORT_COST = 5;

	private final NodeName node;

	ReportController(NodeName node) {
		this.node = node;
	}

	@RateLimited(tier = "reports", key = "#tenant", cost = REPORT_COST)
	@GetMapping("/api/tenants/{tenant}/report")
	Map<String, String> report(@PathVariable String tenant) {
		return Map.of("tenant", tenant, "report", "ready", "node", this.node.get());
	}

}

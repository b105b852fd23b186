package dev.ratelimit.sample;

import java.util.Map;

import dev.ratelimit.web.RateLimited;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's general endpoints: one unlimited, one limited by annotation, one limited
 * only by a filter rule in {@code application.yml}.
 */
@RestController
class ApiController {

	private final NodeName node;

	ApiController(NodeName node) {
		this.node = node;
	}

	/**
	 * Unlimited: no annotation and no filter rule matches.
	 */
	@GetMapping("/api/ping")
	Map<String, String> ping() {
		return Map.of("status", "ok", "node", this.node.get());
	}

	/**
	 * Limited by the {@code free} tier per client: by known API key, else principal, else
	 * address. A key listed under {@code ratelimit.tiers.paid.api-keys} gets its own plan
	 * instead.
	 */
	@RateLimited(tier = "free")
	@GetMapping("/api/resource")
	Map<String, String> resource() {
		return Map.of("resource", "the protected thing", "node", this.node.get());
	}

	/**
	 * Limited by the {@code search} tier through {@code ratelimit.filter.rules}, with no
	 * annotation here.
	 */
	@GetMapping("/api/search")
	Map<String, String> search(@RequestParam(defaultValue = "") String q) {
		return Map.of("query", q, "node", this.node.get());
	}

}

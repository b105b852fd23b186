package dev.ratelimit.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.ClientKeyHasher;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code ratelimits} actuator endpoint: the configured tiers, one client's current
 * standing in a tier (read without consuming anything), and resetting that standing.
 * A client is named by the identity the key resolver produces, such as
 * {@code key:<api key>}, {@code user:<name>} or {@code ip:<address>}; it is hashed
 * exactly as on the request path and never echoed back in clear.
 */
@Endpoint(id = "ratelimits")
public class RateLimitsEndpoint {

	private final TierRegistry registry;

	private final RateLimiter limiter;

	private final BackendState backend;

	/**
	 * Create the endpoint.
	 * @param registry the tiers
	 * @param limiter the shared limiter
	 * @param backend how the path to the store stands
	 */
	public RateLimitsEndpoint(TierRegistry registry, RateLimiter limiter, BackendState backend) {
		this.registry = registry;
		this.limiter = limiter;
		this.backend = backend;
	}

	/**
	 * Describe the configured tiers.
	 * @return the tiers and the breaker state
	 */
	@ReadOperation
	public Map<String, Object> tiers() {
		Map<String, Object> tiers = new LinkedHashMap<>();
		for (String name : this.registry.names()) {
			Tier tier = this.registry.require(name);
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("failurePolicy", tier.failurePolicy().id());
			description.put("mode", tier.shadow() ? "shadow" : "enforce");
			description.put("limits", tier.limits().stream().map(RateLimitsEndpoint::describe).toList());
			tiers.put(name, description);
		}
		return Map.of("circuitBreaker", this.backend.circuit().name().toLowerCase(java.util.Locale.ROOT), "tiers",
				tiers);
	}

	/**
	 * Read one client's standing in a tier without consuming anything.
	 * @param tier the tier
	 * @param key the client identity, such as {@code key:abc}
	 * @return each limit's remaining units and reset delay
	 */
	@ReadOperation
	public Map<String, Object> standing(@Selector String tier, @Selector String key) {
		Tier found = this.registry.require(tier);
		String token = ClientKeyHasher.hash(key);
		Decision decision = this.limiter.peek(found.name() + ":" + token, found.limits());
		Map<String, Object> standing = new LinkedHashMap<>();
		standing.put("tier", found.name());
		standing.put("client", token);
		standing.put("limits", decision.outcomes().stream().map(RateLimitsEndpoint::describe).toList());
		return standing;
	}

	/**
	 * Forget one client's state in a tier, restoring its full limits.
	 * @param tier the tier
	 * @param key the client identity, such as {@code key:abc}
	 * @return what was reset
	 */
	@DeleteOperation
	public Map<String, Object> reset(@Selector String tier, @Selector String key) {
		Tier found = this.registry.require(tier);
		String token = ClientKeyHasher.hash(key);
		this.limiter.reset(found.name() + ":" + token, found.limits());
		return Map.of("tier", found.name(), "client", token, "reset", true);
	}

	private static Map<String, Object> describe(LimitSpec limit) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", limit.name());
		description.put("algorithm", limit.algorithm().id());
		description.put("limit", limit.limit());
		description.put("period", limit.period().toString());
		description.put("burst", limit.burst());
		return description;
	}

	private static Map<String, Object> describe(LimitOutcome outcome) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", outcome.spec().name());
		description.put("quota", outcome.spec().burst());
		description.put("remaining", outcome.remaining());
		description.put("resetSeconds", outcome.resetAfter().toMillis() / 1000.0);
		return description;
	}

}

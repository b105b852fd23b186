package dev.ratelimit.autoconfigure;

import java.util.Map;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.redis.ScriptRunner;
import org.jspecify.annotations.Nullable;

/**
 * What a WebFlux application's configuration must leave out, checked at startup so that
 * nothing declared goes unenforced: requests in flight and charges after the response are
 * not enforced on WebFlux, and Jedis has no non-blocking commands to wait for Redis
 * without holding an event loop.
 */
final class ReactiveStackRequirements {

	private ReactiveStackRequirements() {
	}

	/**
	 * Fail startup naming the first property WebFlux cannot enforce.
	 * @param properties the limiter's properties
	 * @param concurrency the tiers' concurrency limits
	 * @param scripts the script runner of the redis backend, else {@code null}
	 */
	static void check(RateLimitProperties properties, ConcurrencyLimits concurrency, @Nullable ScriptRunner scripts) {
		if (scripts != null && !scripts.supportsAsync()) {
			throw new IllegalStateException("A WebFlux application needs Lettuce to reach Redis without blocking an "
					+ "event loop, and Jedis has no non-blocking commands: use spring-boot-starter-data-redis's "
					+ "Lettuce (exclude Jedis) or set ratelimit.backend=local");
		}
		for (Map.Entry<String, ConcurrencyLimit> entry : concurrency.all().entrySet()) {
			String property = "ratelimit.tiers." + entry.getKey() + ".limits." + entry.getValue().name()
					+ ".concurrent";
			throw ValidProperty.invalid(property, entry.getValue().limit(),
					"requests in flight are not limited on WebFlux; remove it from a WebFlux application");
		}
		for (Map.Entry<String, RateLimitProperties.TierProperties> entry : properties.getTiers().entrySet()) {
			RateLimitProperties.TierProperties tier = entry.getValue();
			String prefix = "ratelimit.tiers." + entry.getKey() + ".";
			String reason = "charges after the response are not made on WebFlux; remove it from a WebFlux application";
			ValidProperty.require(tier.getCountedStatuses().isEmpty(), prefix + "counted-statuses",
					tier.getCountedStatuses(), reason);
			ValidProperty.require(tier.getCostFromResult() == null, prefix + "cost-from-result",
					String.valueOf(tier.getCostFromResult()), reason);
			ValidProperty.require(tier.getCostFromHeader() == null, prefix + "cost-from-header",
					String.valueOf(tier.getCostFromHeader()), reason);
		}
	}

}

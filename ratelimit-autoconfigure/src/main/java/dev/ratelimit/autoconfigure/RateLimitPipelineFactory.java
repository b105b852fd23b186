package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.function.Predicate;

import dev.ratelimit.core.CompositeRateLimitObserver;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.http.RateLimitHeaders;
import dev.ratelimit.http.RateLimitPipeline;
import dev.ratelimit.http.TierPolicies;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds the request pipeline and the response fields from the properties, once for every
 * web stack, so that the servlet and the WebFlux integrations read the same properties
 * the same way.
 */
final class RateLimitPipelineFactory {

	private RateLimitPipelineFactory() {
	}

	/**
	 * Return the tier named by {@code ratelimit.plans.fallback-tier}, checked, or
	 * {@code null} when unset.
	 */
	static @Nullable Tier fallbackTier(RateLimitProperties properties, TierRegistry registry) {
		String fallback = properties.getPlans().getFallbackTier();
		if (fallback == null) {
			return null;
		}
		ValidProperty.require(registry.contains(fallback), "ratelimit.plans.fallback-tier", fallback,
				"names unknown tier; known tiers: " + registry.names());
		return registry.require(fallback);
	}

	static RateLimitHeaders headers(RateLimitProperties properties) {
		RateLimitProperties.Headers headers = properties.getHeaders();
		return new RateLimitHeaders(headers.isLegacyEnabled(), headers.isDraftEnabled(), headers.isOnAllowed());
	}

	static RateLimitPipeline pipeline(RateLimitProperties properties, TierRegistry registry, ConcurrencyLimits limits,
			ObjectProvider<RateLimitObserver> observers, Predicate<String> chargedAfterResponse) {
		Duration jitter = properties.getHeaders().getRetryAfterJitter();
		ValidProperty.require(!jitter.isNegative(), "ratelimit.headers.retry-after-jitter", jitter,
				"must not be negative");
		long unavailableRetryAfter = Math.max(1, properties.getCircuitBreaker().getWaitInOpenState().toSeconds());
		return new RateLimitPipeline(limits, new CompositeRateLimitObserver(observers.orderedStream().toList()),
				new TierPolicies(registry, limits), chargedAfterResponse, jitter, unavailableRetryAfter);
	}

}

package dev.ratelimit.autoconfigure;

import java.util.Map;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.web.KeyResolver;
import dev.ratelimit.web.PlanLimitsResolver;
import dev.ratelimit.web.TierResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * What a WebFlux application's configuration must leave out, checked at startup so that
 * nothing declared goes unenforced: requests in flight and charges after the response are
 * not enforced on WebFlux, Jedis has no non-blocking commands to wait for Redis without
 * holding an event loop, and the servlet side's extension points read an
 * {@code HttpServletRequest} that a WebFlux request never is.
 */
final class ReactiveStackRequirements {

	private static final Map<Class<?>, String> SERVLET_EXTENSIONS = Map.of(KeyResolver.class,
			"declare a dev.ratelimit.webflux.ExchangeKeyResolver instead", TierResolver.class,
			"declare a dev.ratelimit.webflux.ExchangeTierResolver instead", PlanLimitsResolver.class,
			"declare a dev.ratelimit.webflux.ExchangePlanLimitsResolver instead");

	private ReactiveStackRequirements() {
	}

	/**
	 * Fail startup naming the first bean of a servlet-typed extension point, which a
	 * WebFlux application would otherwise ignore without a word.
	 * @param beans the application's beans
	 */
	static void checkNoServletExtensions(ListableBeanFactory beans) {
		if (!ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", beans.getClass().getClassLoader())) {
			return; // no such bean can be written without the servlet API
		}
		SERVLET_EXTENSIONS.forEach((type, instead) -> {
			String[] names = beans.getBeanNamesForType(type, true, false);
			if (names.length > 0) {
				throw new IllegalStateException("Bean '" + names[0] + "' is a " + type.getName()
						+ ", which reads an HttpServletRequest and never runs in a WebFlux application: " + instead);
			}
		});
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
			ValidProperty.require(!tier.isRefundServerErrors(), prefix + "refund-server-errors", true, reason);
		}
	}

}

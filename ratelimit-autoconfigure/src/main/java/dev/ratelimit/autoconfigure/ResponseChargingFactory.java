package dev.ratelimit.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.autoconfigure.RateLimitProperties.TierProperties;
import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.CountedStatuses;
import dev.ratelimit.web.ResponseCharging;
import dev.ratelimit.web.ResponseCost;
import org.jspecify.annotations.Nullable;

import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Turns the tiers' response-charging properties into {@link ResponseCharging}s, failing
 * startup with the name of the offending property: a tier charged after the response must
 * be able to give units back, which a sliding log cannot, and is decided on the store for
 * every request, which a lease would not be.
 */
final class ResponseChargingFactory {

	private static final SpelExpressionParser parser = new SpelExpressionParser();

	private ResponseChargingFactory() {
	}

	static Map<String, ResponseCharging> create(RateLimitProperties properties, TierRegistry registry) {
		Map<String, ResponseCharging> charging = new LinkedHashMap<>();
		properties.getTiers().forEach((name, tier) -> {
			ResponseCharging configured = charging("ratelimit.tiers." + name, name, tier, registry.require(name));
			if (configured != null) {
				charging.put(name, configured);
			}
		});
		return charging;
	}

	private static @Nullable ResponseCharging charging(String property, String name, TierProperties properties,
			Tier tier) {
		List<String> listed = properties.getCountedStatuses();
		CountedStatuses statuses;
		try {
			statuses = CountedStatuses.of(listed, properties.isRefundServerErrors());
		}
		catch (CountedStatuses.InvalidStatusException ex) {
			throw ValidProperty.invalid(property + ".counted-statuses[" + ex.index() + "]", listed.get(ex.index()),
					ex.getMessage());
		}
		ResponseCost cost = cost(property, name, properties);
		if (statuses.countsEvery() && cost == null) {
			return null;
		}
		for (LimitSpec limit : tier.limits()) {
			String limitProperty = property + ".limits." + limit.name();
			ValidProperty.require(limit.algorithm() != Algorithm.SLIDING_WINDOW_LOG, limitProperty + ".algorithm",
					limit.algorithm().id(),
					"tier '" + name + "' is charged after the response, which may give units back; a "
							+ "sliding-window-log cannot (every member counts the units logged before it), "
							+ "so use sliding-window-counter, fixed-window, token-bucket or gcra");
			ValidProperty.require(limit.lease() == 0, limitProperty + ".lease", limit.lease(),
					"tier '" + name + "' is charged after the response, on the store, so its limits cannot lease");
		}
		return new ResponseCharging(statuses, cost);
	}

	private static @Nullable ResponseCost cost(String property, String name, TierProperties properties) {
		String result = properties.getCostFromResult();
		String header = properties.getCostFromHeader();
		if (header != null) {
			ValidProperty.require(result == null, property + ".cost-from-header", header,
					"a tier reads its cost from the result or from a header, not both (cost-from-result is set)");
			ValidProperty.require(header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), property + ".cost-from-header", header,
					"must be a header name");
			return ResponseCost.fromHeader(name, header);
		}
		if (result != null) {
			try {
				return ResponseCost.fromResult(name, parser.parseExpression(result));
			}
			catch (ParseException ex) {
				throw ValidProperty.invalid(property + ".cost-from-result", result,
						"no valid SpEL expression: " + ex.getMessage());
			}
		}
		return null;
	}

}

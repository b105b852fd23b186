package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.autoconfigure.RateLimitProperties.LimitProperties;
import dev.ratelimit.autoconfigure.RateLimitProperties.TierProperties;
import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.InvalidLimitException;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link RateLimitProperties} into a {@link TierRegistry}, failing startup with the
 * name of the offending property.
 */
final class TierRegistryFactory {

	private TierRegistryFactory() {
	}

	static TierRegistry create(RateLimitProperties properties) {
		List<Tier> tiers = new ArrayList<>();
		properties.getTiers().forEach((name, tier) -> tiers.add(tier(name, tier, properties)));
		TierRegistry registry = new TierRegistry(tiers, ListedApiKeys.collect(properties.getTiers()));
		List<RateLimitProperties.Rule> rules = properties.getFilter().getRules();
		for (int i = 0; i < rules.size(); i++) {
			validateRule("ratelimit.filter.rules[" + i + "]", rules.get(i), registry);
		}
		if (!properties.getFilter().isEnabled() && !rules.isEmpty()) {
			throw invalid("ratelimit.filter.enabled", false, "the " + rules.size()
					+ " rule(s) of ratelimit.filter.rules would never apply; remove them, or enable the filter");
		}
		return registry;
	}

	private static void validateRule(String property, RateLimitProperties.Rule rule, TierRegistry registry) {
		if (rule.getTier() == null || !registry.contains(rule.getTier())) {
			throw invalid(property + ".tier", rule.getTier(), "names unknown tier; known tiers: " + registry.names());
		}
		if (rule.getPaths().isEmpty()) {
			throw invalid(property + ".paths", "[]", "at least one path pattern is required");
		}
		if (rule.getCost() < 1) {
			throw invalid(property + ".cost", rule.getCost(), "must be at least 1");
		}
	}

	private static Tier tier(String name, TierProperties tier, RateLimitProperties properties) {
		String property = "ratelimit.tiers." + name;
		if (tier.getLimits().isEmpty()) {
			throw invalid(property + ".limits", "{}", "a tier needs at least one limit");
		}
		List<LimitSpec> limits = new ArrayList<>();
		tier.getLimits().forEach((limitName, limit) -> {
			if (limit.getConcurrent() == null) {
				limits.add(limit(property + ".limits." + limitName, limitName, limit));
			}
		});
		FailurePolicy policy = (tier.getFailurePolicy() != null) ? tier.getFailurePolicy()
				: properties.getFailurePolicy();
		RateLimitProperties.Mode mode = (tier.getMode() != null) ? tier.getMode() : properties.getMode();
		try {
			return new Tier(name, limits, policy, mode == RateLimitProperties.Mode.SHADOW, tier.isDenyCache(),
					tier.isPlan());
		}
		catch (InvalidLimitException ex) {
			throw invalid(property + ".limits." + ex.limit() + "." + ex.component(), 0, ex.getMessage());
		}
	}

	private static LimitSpec limit(String property, String name, LimitProperties limit) {
		if (limit.getMaxDuration() != null) {
			throw invalid(property + ".max-duration", limit.getMaxDuration(),
					"applies only to a concurrent limit; set concurrent, or remove max-duration");
		}
		Long units = limit.getLimit();
		if (units == null) {
			throw invalid(property + ".limit", null, "is required");
		}
		LimitPeriod configured = limit.getPeriod();
		if (configured == null) {
			throw invalid(property + ".period", null, "is required");
		}
		CalendarPeriod calendar = calendar(property, configured, limit.getZone());
		Duration period = (calendar != null) ? calendar.longest() : configured.getDuration();
		Algorithm algorithm = limit.getAlgorithm();
		if (algorithm == null) {
			algorithm = (calendar != null) ? Algorithm.FIXED_WINDOW : Algorithm.TOKEN_BUCKET;
		}
		long burst = (limit.getBurst() != null) ? limit.getBurst() : units;
		Duration leaseTtl = limit.getLeaseTtl();
		if (leaseTtl == null) {
			leaseTtl = (limit.getLease() > 0) ? period : Duration.ZERO;
		}
		try {
			return new LimitSpec(name, units, period, burst, algorithm, limit.getLease(), leaseTtl, calendar);
		}
		catch (InvalidLimitException ex) {
			String component = ex.component();
			Object value = switch (component) {
				case "limit" -> units;
				case "period" -> configured;
				case "burst" -> burst;
				case "algorithm" -> algorithm;
				case "lease" -> limit.getLease();
				case "leaseTtl" -> limit.getLeaseTtl();
				default -> name;
			};
			String suffix = component.equals("name") ? "" : "." + component.replace("leaseTtl", "lease-ttl");
			throw invalid(property + suffix, value, ex.getMessage());
		}
	}

	/**
	 * Return the concurrency limit of each tier that declares one: a limit with
	 * {@code concurrent}, which takes no rate setting; one per tier.
	 * @param properties the properties
	 * @return the limits
	 */
	static ConcurrencyLimits concurrency(RateLimitProperties properties) {
		Map<String, ConcurrencyLimit> limits = new LinkedHashMap<>();
		properties.getTiers().forEach((tierName, tier) -> tier.getLimits().forEach((limitName, limit) -> {
			if (limit.getConcurrent() == null) {
				return;
			}
			String property = "ratelimit.tiers." + tierName + ".limits." + limitName;
			ConcurrencyLimit concurrent = concurrent(property, limitName, limit);
			ConcurrencyLimit other = limits.putIfAbsent(tierName, concurrent);
			if (other != null) {
				throw invalid(property + ".concurrent", limit.getConcurrent(), "tier '" + tierName
						+ "' already limits requests in flight with limit '" + other.name() + "'; one per tier");
			}
		}));
		return new ConcurrencyLimits(limits);
	}

	private static ConcurrencyLimit concurrent(String property, String name, LimitProperties limit) {
		Map<String, @Nullable Object> rates = new LinkedHashMap<>();
		rates.put("limit", limit.getLimit());
		rates.put("period", limit.getPeriod());
		rates.put("burst", limit.getBurst());
		rates.put("algorithm", limit.getAlgorithm());
		rates.put("zone", limit.getZone());
		rates.put("lease", (limit.getLease() != 0) ? limit.getLease() : null);
		rates.put("lease-ttl", limit.getLeaseTtl());
		rates.forEach((setting, value) -> {
			if (value != null) {
				throw invalid(property + "." + setting, value, "a concurrent limit counts requests in flight and "
						+ "takes no rate setting; declare the rate as another limit of the tier");
			}
		});
		Duration maxDuration = (limit.getMaxDuration() != null) ? limit.getMaxDuration()
				: ConcurrencyLimit.DEFAULT_DURATION;
		try {
			return new ConcurrencyLimit(name, limit.getConcurrent(), maxDuration);
		}
		catch (InvalidLimitException ex) {
			boolean duration = ex.component().equals("maxDuration");
			throw invalid(property + (duration ? ".max-duration" : ".concurrent"),
					duration ? maxDuration : limit.getConcurrent(), ex.getMessage());
		}
	}

	/**
	 * Return the calendar period of a limit, in its zone or UTC, or {@code null} for a
	 * period of a fixed length, which takes no zone.
	 */
	private static @Nullable CalendarPeriod calendar(String property, LimitPeriod period, @Nullable ZoneId zone) {
		CalendarPeriod.Unit unit = period.getCalendar();
		if (unit == null) {
			if (zone != null) {
				throw invalid(property + ".zone", zone, "applies only to a calendar period, such as calendar-month");
			}
			return null;
		}
		return new CalendarPeriod(unit, (zone != null) ? zone : ZoneOffset.UTC);
	}

	private static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

}

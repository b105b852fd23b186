package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.autoconfigure.RateLimitProperties.LimitProperties;
import dev.ratelimit.autoconfigure.RateLimitProperties.TierProperties;
import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
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
		tier.getLimits()
			.forEach((limitName, limit) -> limits.add(limit(property + ".limits." + limitName, limitName, limit)));
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

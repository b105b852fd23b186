package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.CalendarPeriod.Unit;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TierRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calendar periods declared in properties: {@code period: calendar-month} with a
 * {@code zone}, a fixed window beside the tier's other limits, and startup failing,
 * naming the property, for what cannot be enforced.
 */
class CalendarPeriodPropertiesTests {

	private static final String MONTHLY = "ratelimit.tiers.monthly.limits.per-month.";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
		.withPropertyValues(MONTHLY + "limit=10000");

	@Test
	void calendarMonthInAZoneIsAFixedWindowBesideARate() {
		this.runner
			.withPropertyValues(MONTHLY + "period=calendar-month", MONTHLY + "zone=Europe/Paris",
					"ratelimit.tiers.monthly.limits.per-second.limit=10",
					"ratelimit.tiers.monthly.limits.per-second.period=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				LimitSpec month = limit(context.getBean(TierRegistry.class), "per-month");
				assertThat(month).isEqualTo(LimitSpec.calendar("per-month", 10_000,
						new CalendarPeriod(Unit.MONTH, ZoneId.of("Europe/Paris"))));
				assertThat(month.algorithm()).isEqualTo(Algorithm.FIXED_WINDOW);
				assertThat(limit(context.getBean(TierRegistry.class), "per-second"))
					.isEqualTo(LimitSpec.of("per-second", 10, Duration.ofSeconds(1)));
			});
	}

	@Test
	void everyCalendarUnitBindsAndTheZoneDefaultsToUtc() {
		for (Unit unit : Unit.values()) {
			this.runner.withPropertyValues(MONTHLY + "period=" + unit.id(), MONTHLY + "algorithm=fixed-window")
				.run((context) -> assertThat(limit(context.getBean(TierRegistry.class), "per-month").calendar())
					.isEqualTo(new CalendarPeriod(unit, ZoneOffset.UTC)));
		}
	}

	@Test
	void durationsStillBind() {
		this.runner.withPropertyValues(MONTHLY + "period=30d")
			.run((context) -> assertThat(limit(context.getBean(TierRegistry.class), "per-month"))
				.isEqualTo(LimitSpec.of("per-month", 10_000, Duration.ofDays(30))));
	}

	@Test
	void unknownCalendarPeriodFailsNamingTheProperty() {
		this.runner.withPropertyValues(MONTHLY + "period=calendar-fortnight")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under '" + MONTHLY + "period'")
				.hasRootCauseMessage("'calendar-fortnight' is not a calendar period; use one of calendar-day, "
						+ "calendar-week, calendar-month, calendar-year"));
	}

	@Test
	void unknownZoneFailsNamingTheProperty() {
		this.runner.withPropertyValues(MONTHLY + "period=calendar-month", MONTHLY + "zone=Europe/Pariss")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under '" + MONTHLY + "zone'")
				.hasRootCauseMessage("Unknown time-zone ID: Europe/Pariss"));
	}

	@Test
	void zoneOnADurationFailsNamingTheProperty() {
		StartupFailures.assertStartupFailure(this.runner, MONTHLY + "zone", "applies only to a calendar period",
				MONTHLY + "period=30d", MONTHLY + "zone=Europe/Paris");
	}

	@Test
	void calendarPeriodOfAnotherAlgorithmFailsNamingTheProperty() {
		StartupFailures.assertStartupFailure(this.runner, MONTHLY + "algorithm",
				"a calendar-month period is a fixed window, so its algorithm must be fixed-window but was token-bucket",
				MONTHLY + "period=calendar-month", MONTHLY + "algorithm=token-bucket");
	}

	@Test
	void calendarPeriodWithABurstOrALeaseFailsNamingTheProperty() {
		StartupFailures.assertStartupFailure(this.runner, MONTHLY + "burst", "burst must equal the limit",
				MONTHLY + "period=calendar-month", MONTHLY + "burst=20000");
		StartupFailures.assertStartupFailure(this.runner, MONTHLY + "lease", "only token-bucket and gcra limits",
				MONTHLY + "period=calendar-month", MONTHLY + "lease=10");
	}

	@Test
	@SuppressWarnings("unchecked")
	void actuatorDescribesTheCalendarPeriodAndItsZone() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local", "management.endpoints.web.exposure.include=ratelimits",
					MONTHLY + "limit=10000", MONTHLY + "period=calendar-month", MONTHLY + "zone=Europe/Paris")
			.run((context) -> {
				Map<String, Object> tiers = (Map<String, Object>) context.getBean(RateLimitsEndpoint.class)
					.tiers()
					.get("tiers");
				Map<String, Object> monthly = (Map<String, Object>) tiers.get("monthly");
				assertThat((List<Map<String, Object>>) monthly.get("limits")).singleElement()
					.satisfies((limit) -> assertThat(limit).containsEntry("algorithm", "fixed-window")
						.containsEntry("period", "calendar-month")
						.containsEntry("zone", "Europe/Paris"));
			});
	}

	private static LimitSpec limit(TierRegistry registry, String name) {
		return registry.require("monthly")
			.limits()
			.stream()
			.filter((limit) -> limit.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

}

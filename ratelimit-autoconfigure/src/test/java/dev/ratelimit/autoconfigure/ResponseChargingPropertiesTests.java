package dev.ratelimit.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties of tiers charged after the response bind and start, and what cannot be
 * enforced as declared stops startup naming the property.
 */
class ResponseChargingPropertiesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.t.limits.l.limit=5",
				"ratelimit.tiers.t.limits.l.period=1m");

	@Test
	void statusesByCodeAndClassAndACostStart() {
		this.runner
			.withPropertyValues("ratelimit.tiers.t.counted-statuses=401,403,5xx",
					"ratelimit.tiers.u.cost-from-result=usage.totalTokens", "ratelimit.tiers.u.limits.l.limit=5",
					"ratelimit.tiers.u.limits.l.period=1m", "ratelimit.tiers.u.refund-server-errors=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aStatusThatIsNoneStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.counted-statuses[1]", "neither a status",
				"ratelimit.tiers.t.counted-statuses=401,4x");
		assertStartupFailure(this.runner, "ratelimit.tiers.t.counted-statuses[0]", "neither a status",
				"ratelimit.tiers.t.counted-statuses=600");
	}

	@Test
	void aServerErrorCountedOnATierRefundingThemStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.counted-statuses[1]", "refund-server-errors",
				"ratelimit.tiers.t.counted-statuses=4xx,503", "ratelimit.tiers.t.refund-server-errors=true");
	}

	@Test
	void aCostFromBothResultAndHeaderStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.cost-from-header", "not both",
				"ratelimit.tiers.t.cost-from-result=tokens", "ratelimit.tiers.t.cost-from-header=X-Tokens");
	}

	@Test
	void aCostExpressionThatDoesNotParseStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.cost-from-result", "no valid SpEL",
				"ratelimit.tiers.t.cost-from-result=tokens +");
	}

	@Test
	void aCostHeaderThatIsNoHeaderNameStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.cost-from-header", "header name",
				"ratelimit.tiers.t.cost-from-header=X Tokens");
	}

	@Test
	void aSlidingLogOnATierGivingUnitsBackStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.limits.l.algorithm", "sliding-window-counter",
				"ratelimit.tiers.t.limits.l.algorithm=sliding-window-log", "ratelimit.tiers.t.counted-statuses=4xx");
	}

	@Test
	void aLeaseOnATierChargedAfterTheResponseStopsStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.t.limits.l.lease", "cannot lease",
				"ratelimit.tiers.t.limits.l.lease=2", "ratelimit.tiers.t.cost-from-header=X-Tokens");
	}

	@Test
	void aSlidingLogOnATierChargedBeforeTheHandlerOnlyStarts() {
		this.runner.withPropertyValues("ratelimit.tiers.t.limits.l.algorithm=sliding-window-log")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertStartupFailure(WebApplicationContextRunner runner, String property, String reason,
			String... properties) {
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isNotNull().hasMessageContaining(property).hasMessageContaining(reason);
		});
	}

}

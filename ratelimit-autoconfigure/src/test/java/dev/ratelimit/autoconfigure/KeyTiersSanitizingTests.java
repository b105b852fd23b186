package dev.ratelimit.autoconfigure;

import java.util.Map;

import dev.ratelimit.actuate.KeyTiersSanitizingFunction;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.PropertyValueDescriptor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listed API keys are property names of {@code ratelimit.key-tiers}: actuator's
 * {@code env} and {@code configprops}, even with {@code show-values: always}, mask every
 * value under it, while other properties stay readable.
 */
class KeyTiersSanitizingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class,
						EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
						ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.plan=true",
				"ratelimit.tiers.free.limits.per-minute.limit=60", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.plan=true", "ratelimit.tiers.paid.limits.per-minute.limit=600",
				"ratelimit.tiers.paid.limits.per-minute.period=1m", "ratelimit.key-tiers.[sk_live_AbC]=paid",
				"management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always");

	@Test
	void envMasksKeyTiersValuesAndShowsTheRest() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(KeyTiersSanitizingFunction.class);
			assertThat(envValue(context, "ratelimit.key-tiers.[sk_live_AbC]")).isEqualTo("******");
			assertThat(envValue(context, "ratelimit.tiers.free.limits.per-minute.limit")).isEqualTo("60");
		});
	}

	@Test
	void configpropsMasksKeyTiersValuesAndTheirInputsAndShowsTheRest() {
		this.runner.run((context) -> {
			ConfigurationPropertiesBeanDescriptor ratelimit = context
				.getBean(ConfigurationPropertiesReportEndpoint.class)
				.configurationProperties()
				.getContexts()
				.get(context.getId())
				.getBeans()
				.values()
				.stream()
				.filter((bean) -> bean.getPrefix().equals("ratelimit"))
				.findFirst()
				.orElseThrow();
			assertThat(ratelimit.getProperties().get("keyTiers")).isEqualTo(Map.of("sk_live_AbC", "******"));
			assertThat(String.valueOf(ratelimit.getInputs().get("keyTiers"))).doesNotContain("paid");
			assertThat(ratelimit.getProperties().get("backend")).isEqualTo("LOCAL");
		});
	}

	@Test
	void everySpellingBootReportsIsMasked() {
		SanitizingFunction function = new KeyTiersSanitizingFunction();
		for (String key : new String[] { "ratelimit.key-tiers.[sk_live_AbC]", "ratelimit.keyTiers.sk_live_AbC",
				"RATELIMIT_KEYTIERS_SK_LIVE_ABC", "RATELIMIT_KEY_TIERS_SK_LIVE_ABC" }) {
			assertThat(function.apply(new SanitizableData(null, key, "paid")).getValue()).as(key).isEqualTo("******");
		}
		for (String key : new String[] { "ratelimit.key.header", "ratelimit.tiers.paid.plan", "spring.key-tiers.a" }) {
			assertThat(function.apply(new SanitizableData(null, key, "x")).getValue()).as(key).isEqualTo("x");
		}
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		this.runner.withUserConfiguration(OwnFunction.class)
			.run((context) -> assertThat(context).getBean(KeyTiersSanitizingFunction.class)
				.isSameAs(context.getBean(OwnFunction.class).function));
	}

	@Test
	void isLeftOutWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
					"ratelimit.tiers.free.limits.per-minute.period=1m")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KeyTiersSanitizingFunction.class));
	}

	private static Object envValue(AssertableApplicationContext context, String name) {
		return context.getBean(EnvironmentEndpoint.class)
			.environment(null)
			.getPropertySources()
			.stream()
			.map((source) -> source.getProperties().get(name))
			.filter((value) -> value != null)
			.map(PropertyValueDescriptor::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " not in env"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFunction {

		final KeyTiersSanitizingFunction function = new KeyTiersSanitizingFunction();

		@Bean
		KeyTiersSanitizingFunction ownKeyTiersSanitizingFunction() {
			return this.function;
		}

	}

}

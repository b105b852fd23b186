package dev.ratelimit.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts that a configuration stops startup with an error naming the property.
 */
final class StartupFailures {

	private StartupFailures() {
	}

	static void assertStartupFailure(ApplicationContextRunner runner, String property, String reason,
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

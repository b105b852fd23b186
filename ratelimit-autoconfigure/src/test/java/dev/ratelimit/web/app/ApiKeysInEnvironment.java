package dev.ratelimit.web.app;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * API keys where an operator puts them outside the application's properties: free's keys
 * come from an environment variable, spelt as an operator would export it, and the JVM's
 * command line and {@code spring.application.json} carry more keys inside their values.
 */
public class ApiKeysInEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
					Map.of("RATELIMIT_TIERS_FREE_APIKEYS_0", "sk_live_FromEnvVar")));
		context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource("test-jvm", Map.of("sun.java.command",
					"app.jar --server.port=0 --ratelimit.tiers.gold.api-keys[0]=sk_live_CommandLine --debug",
					"spring.application.json", "{\"ratelimit.tiers.gold.api-keys\":[\"sk_live_Json\"],\"other\":1}")));
	}

}

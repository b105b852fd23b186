package dev.ratelimit.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class AutoConfigurationImportsTests {

	@Test
	void everyListedClassLoadsAndIsAnAutoConfiguration() throws Exception {
		List<String> names = listed();
		assertThat(names).containsExactly(RateLimitAutoConfiguration.class.getName(),
				RateLimitWebAutoConfiguration.class.getName(), RateLimitWebFluxAutoConfiguration.class.getName(),
				RateLimitMetricsAutoConfiguration.class.getName(), RateLimitActuatorAutoConfiguration.class.getName());
		for (String name : names) {
			assertThat(Class.forName(name).isAnnotationPresent(AutoConfiguration.class)).as(name).isTrue();
		}
	}

	private static List<String> listed() throws IOException {
		try (InputStream in = AutoConfigurationImportsTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

}

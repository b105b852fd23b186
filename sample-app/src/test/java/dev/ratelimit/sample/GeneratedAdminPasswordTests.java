package dev.ratelimit.sample;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code SAMPLE_ADMIN_PASSWORD} the sample has no fixed admin password: it
 * generates one, logs it once at startup, and only that one is accepted.
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordTests {

	private static final Pattern GENERATED = Pattern
		.compile("Generated password for the sample's admin user 'admin': ([A-Za-z0-9_-]+)");

	@Test
	void withoutAConfiguredPasswordOneIsGeneratedAndLoggedOnce(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run("--server.port=0", "--ratelimit.redis.timeout=5s", "--spring.main.banner-mode=off")) {
			Matcher matcher = GENERATED.matcher(output.getAll());
			assertThat(matcher.find()).as("generated password logged at startup").isTrue();
			String password = matcher.group(1);
			assertThat(password).hasSizeGreaterThanOrEqualTo(24);
			assertThat(matcher.find()).as("logged once").isFalse();
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			assertThat(Http.get(port, "/actuator/ratelimits", Http.basic("admin", password)).statusCode())
				.isEqualTo(200);
			for (String guess : new String[] { "admin", "password", "", Http.ADMIN_PASSWORD }) {
				assertThat(Http.get(port, "/actuator/ratelimits", Http.basic("admin", guess)).statusCode()).as(guess)
					.isEqualTo(401);
			}
		}
	}

}

package dev.ratelimit.autoconfigure;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.ratelimit.actuate.ApiKeysSanitizingFunction;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.LocalApplicationTest;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listed API keys are client secrets: actuator's {@code env} and {@code configprops},
 * even with {@code show-values: always} and read by an authenticated operator over real
 * HTTP, never show them, in any spelling they were given in, while other properties stay
 * readable.
 */
@LocalApplicationTest
class ApiKeysSanitizingTests extends HttpTestBase {

	private static final String[] KEYS = { "sk_live_CommaOne", "sk_live_CommaTwo", "sk_live_IndexedZero",
			"sk_live_IndexedOne", "sk_live_FromEnvVar", "sk_live_CommandLine", "sk_live_Json" };

	@Autowired
	TierRegistry registry;

	@Test
	void everySpellingBindsSoTheKeysAreReallyInTheEnvironment() {
		assertThat(this.registry.tierForApiKey("sk_live_CommaTwo")).isEqualTo("paid");
		assertThat(this.registry.tierForApiKey("sk_live_IndexedOne")).isEqualTo("pro-plus");
		assertThat(this.registry.tierForApiKey("sk_live_FromEnvVar")).isEqualTo("free");
	}

	@Test
	void envShowsNoListedKeyAndTheOtherProperties() {
		String body = get("/actuator/env");
		assertThat(body).doesNotContain(KEYS);
		assertThat(body).contains("\"ratelimit.tiers.paid.api-keys\":{\"value\":\"******\"")
			.contains("\"ratelimit.tiers.pro-plus.api-keys[1]\":{\"value\":\"******\"")
			.contains("\"RATELIMIT_TIERS_FREE_APIKEYS_0\":{\"value\":\"******\"")
			.contains("\"ratelimit.tiers.free.limits.per-minute.limit\":{\"value\":\"60\"")
			.contains("\"sun.java.command\":{\"value\":\"******\"");
	}

	@Test
	void envOfOneNameShowsNoListedKey() {
		String body = get("/actuator/env/ratelimit.tiers.pro-plus.api-keys%5B0%5D");
		assertThat(body).contains("\"value\":\"******\"").doesNotContain(KEYS);
	}

	@Test
	void configpropsShowsNoListedKeyAndTheOtherProperties() {
		String body = get("/actuator/configprops/ratelimit");
		assertThat(body).doesNotContain(KEYS);
		assertThat(body).contains("\"apiKeys\":[\"******\",\"******\"]")
			.contains("\"backend\":\"LOCAL\"")
			.contains("\"limit\":6000");
		assertThat(get("/actuator/configprops")).doesNotContain(KEYS).contains("\"backend\":\"LOCAL\"");
	}

	@Test
	void everySpellingBootReportsIsMaskedAndNothingElse() {
		SanitizingFunction function = new ApiKeysSanitizingFunction();
		for (String key : new String[] { "ratelimit.tiers.paid.api-keys", "ratelimit.tiers.paid.api-keys[0]",
				"ratelimit.tiers.paid.apiKeys[12]", "ratelimit.tiers.[pro.plus].api-keys[0]",
				"ratelimit.tiers.api-keys.api-keys[0]", "RATELIMIT_TIERS_PAID_APIKEYS",
				"RATELIMIT_TIERS_PAID_APIKEYS_0", "RATELIMIT_TIERS_PAID_API_KEYS_0",
				"ratelimit.tiers.PAID.API-KEYS[0]" }) {
			assertThat(function.apply(new SanitizableData(null, key, "sk")).getValue()).as(key).isEqualTo("******");
		}
		for (String key : new String[] { "ratelimit.tiers.paid.plan", "ratelimit.tiers.api-keys.plan",
				"ratelimit.tiers.paid.limits.api-keys.limit", "ratelimit.key.header", "ratelimit.tiers.api-keys",
				"ratelimit.api-keys", "spring.tiers.paid.api-keys[0]", "other.ratelimit.tiers.paid.api-keys" }) {
			assertThat(function.apply(new SanitizableData(null, key, "x")).getValue()).as(key).isEqualTo("x");
		}
	}

	@Test
	void isLeftOutWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
					"ratelimit.tiers.free.limits.per-minute.period=1m")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ApiKeysSanitizingFunction.class));
	}

	private String get(String path) {
		String credentials = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = this.http.get(path, "Authorization", "Basic " + credentials);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}

package dev.ratelimit.autoconfigure;

import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.KeyResolver;
import dev.ratelimit.web.RateLimitFilter;
import dev.ratelimit.web.RateLimited;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the identity parts of the servlet integration: which API keys count, the
 * filter in front of Spring Security and key expressions checked at startup.
 */
class IdentityWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void rulesBeforeSecurityGetTheirOwnFilterInFrontOfTheSecurityChain() {
		this.runner
			.withPropertyValues("ratelimit.filter.rules[0].paths=/login", "ratelimit.filter.rules[0].tier=free",
					"ratelimit.filter.rules[0].before-security=true")
			.run((context) -> {
				FilterRegistrationBean<RateLimitFilter> before = filter(
						context.getBean("rateLimitBeforeSecurityFilter"));
				assertThat(before.isEnabled()).isTrue();
				assertThat(before.getOrder()).isEqualTo(-110).isLessThan(-100);
				assertThat(filter(context.getBean("rateLimitFilter")).isEnabled()).isFalse();
			});
	}

	@Test
	void bothPositionsCoexist() {
		this.runner
			.withPropertyValues("ratelimit.filter.rules[0].paths=/login", "ratelimit.filter.rules[0].tier=free",
					"ratelimit.filter.rules[0].before-security=true", "ratelimit.filter.rules[1].paths=/api/**",
					"ratelimit.filter.rules[1].tier=free", "ratelimit.filter.before-security-order=-200")
			.run((context) -> {
				assertThat(filter(context.getBean("rateLimitBeforeSecurityFilter")).getOrder()).isEqualTo(-200);
				assertThat(filter(context.getBean("rateLimitBeforeSecurityFilter")).isEnabled()).isTrue();
				assertThat(filter(context.getBean("rateLimitFilter")).isEnabled()).isTrue();
			});
	}

	@Test
	void aKeyExpressionThatDoesNotParseFailsStartup() {
		this.runner.withUserConfiguration(BrokenKeyController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("@RateLimited on " + BrokenKeyController.class.getName() + ".get()")
				.hasMessageContaining("no valid SpEL expression");
		});
	}

	@Test
	void unknownKeysAreIgnoredListedAndVerifiedOnesCount() {
		this.runner.withPropertyValues("ratelimit.tiers.free.plan=true", "ratelimit.tiers.free.api-keys=listed")
			.withBean(ApiKeyVerifier.class, () -> "verified"::equals)
			.run((context) -> {
				KeyResolver resolver = context.getBean(KeyResolver.class);
				assertThat(resolver.resolve(request("invented"))).isEqualTo("ip:127.0.0.1");
				assertThat(resolver.resolve(request("listed"))).isEqualTo("key:listed");
				assertThat(resolver.resolve(request("verified"))).isEqualTo("key:verified");
			});
	}

	@Test
	void aFailingVerifierCountsTheKeyAsUnknownInsteadOfFailingTheRequest() {
		this.runner.withBean(ApiKeyVerifier.class, () -> (apiKey) -> {
			throw new IllegalStateException("database away");
		})
			.run((context) -> assertThat(context.getBean(KeyResolver.class).resolve(request("any")))
				.isEqualTo("ip:127.0.0.1"));
	}

	@Test
	void unknownKeysCanBeTrustedBehindAGatewayThatRejectsThem() {
		this.runner.withPropertyValues("ratelimit.key.unknown-keys=trust")
			.run((context) -> assertThat(context.getBean(KeyResolver.class).resolve(request("invented")))
				.isEqualTo("key:invented"));
	}

	private static MockHttpServletRequest request(String apiKey) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-API-Key", apiKey);
		return request;
	}

	@SuppressWarnings("unchecked")
	private static FilterRegistrationBean<RateLimitFilter> filter(Object bean) {
		return (FilterRegistrationBean<RateLimitFilter>) bean;
	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenKeyController {

		@RateLimited(tier = "free", key = "#user.(")
		public String get() {
			return "never";
		}

	}

}

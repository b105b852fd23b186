package dev.ratelimit.autoconfigure;

import dev.ratelimit.web.DefaultKeyResolver;
import dev.ratelimit.web.KeyResolver;
import dev.ratelimit.web.RateLimitEnforcer;
import dev.ratelimit.web.RateLimitExceptionHandler;
import dev.ratelimit.web.RateLimitFilter;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.RateLimitedAspect;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void servletApplicationsGetTheWholeIntegration() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RateLimitEnforcer.class)
			.hasSingleBean(RateLimitedAspect.class)
			.hasSingleBean(RateLimitExceptionHandler.class)
			.hasSingleBean(DefaultKeyResolver.class)
			.hasBean("rateLimitFilter"));
	}

	@Test
	void filterIsRegisteredOnlyWhenRulesExist() {
		this.runner.run((context) -> assertThat(filter(context.getBean("rateLimitFilter")).isEnabled()).isFalse());
		this.runner.withPropertyValues("ratelimit.filter.rules[0].paths=/api/**", "ratelimit.filter.rules[0].tier=free")
			.run((context) -> assertThat(filter(context.getBean("rateLimitFilter")).isEnabled()).isTrue());
	}

	@Test
	void aspectNeedsAspectJ() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj.weaver"))
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitedAspect.class)
				.hasSingleBean(RateLimitEnforcer.class));
	}

	@Test
	void userKeyResolverTakesPrecedence() {
		this.runner.withUserConfiguration(CustomKeyResolver.class)
			.run((context) -> assertThat(context).getBean(KeyResolver.class).isSameAs(CustomKeyResolver.RESOLVER));
	}

	@Test
	void nonWebApplicationsGetNoServletParts() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitEnforcer.class));
	}

	@Test
	void annotationNamingAnUnknownTierFailsStartup() {
		this.runner.withUserConfiguration(UnknownTierController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("@RateLimited on " + UnknownTierController.class.getName() + ".get()")
				.hasMessageContaining("names unknown tier 'gold'")
				.hasMessageContaining("ratelimit.tiers");
		});
	}

	@SuppressWarnings("unchecked")
	private static FilterRegistrationBean<RateLimitFilter> filter(Object bean) {
		return (FilterRegistrationBean<RateLimitFilter>) bean;
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomKeyResolver {

		static final KeyResolver RESOLVER = (request) -> "tenant";

		@Bean
		KeyResolver customKeyResolver() {
			return RESOLVER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownTierController {

		@RateLimited(tier = "gold")
		public String get() {
			return "x";
		}

	}

}

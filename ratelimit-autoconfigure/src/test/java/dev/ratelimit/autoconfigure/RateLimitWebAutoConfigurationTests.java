package dev.ratelimit.autoconfigure;

import dev.ratelimit.web.DefaultKeyResolver;
import dev.ratelimit.web.KeyResolver;
import dev.ratelimit.web.RateLimitEnforcer;
import dev.ratelimit.web.RateLimitExceptionHandler;
import dev.ratelimit.web.RateLimitFilter;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.RateLimitInterceptor;
import dev.ratelimit.web.RateLimitedKeyAdvisor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void servletApplicationsGetTheWholeIntegration() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RateLimitEnforcer.class)
			.hasSingleBean(RateLimitInterceptor.class)
			.hasSingleBean(RateLimitedKeyAdvisor.class)
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
	void annotationsNeedNoAspectJ() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj.weaver"))
			.run((context) -> assertThat(context).hasSingleBean(RateLimitInterceptor.class)
				.hasSingleBean(RateLimitedKeyAdvisor.class)
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

	@Test
	void annotationOnAMethodThatIsNoRequestHandlerFailsStartup() {
		this.runner.withUserConfiguration(NoHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("@RateLimited on " + NoHandler.class.getName() + ".get()")
				.hasMessageContaining("is on no request handler method");
		});
	}

	@Test
	void annotationOnAClassWithoutHandlerMethodsFailsStartup() {
		this.runner.withUserConfiguration(NoHandlerClass.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("@RateLimited on " + NoHandlerClass.class.getName())
				.hasMessageContaining("applies to no request handler method");
		});
	}

	@Test
	void keyExpressionOnAFinalHandlerMethodFailsStartupNamingIt() {
		this.runner
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withUserConfiguration(FinalHandler.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasMessageContaining("@RateLimited on " + FinalHandler.class.getName() + ".get()")
					.hasMessageContaining("cannot intercept a final, private or static method");
			});
	}

	@Test
	void handlerMethodsWithAndWithoutKeysStartInAnApplicationWithMvc() {
		this.runner
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void keyedHandlersAreProxiedWithoutAspectJ() {
		// startup checks that the handler is proxied with the advisor
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj.weaver"))
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withUserConfiguration(Handlers.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void keyedHandlersFailStartupWhenNothingProxiesThem() {
		this.runner
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withPropertyValues("spring.aop.auto=false")
			.withUserConfiguration(Handlers.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasMessageContaining("@RateLimited on " + Handlers.class.getName() + ".keyed()")
					.hasMessageContaining("the bean is not proxied");
			});
	}

	@Test
	void keyReadingAParameterNamedRequestFailsStartupNamingTheMethod() {
		assertKeyFailsStartup(RequestParameter.class, "login", "reads #request: that is the built-in variable");
	}

	@Test
	void keyReadingAParameterNamedAddressFailsStartupNamingTheMethod() {
		assertKeyFailsStartup(AddressParameter.class, "visit", "reads #address: that is the built-in variable");
	}

	@Test
	void keyReadingRootFailsStartupNamingTheMethod() {
		assertKeyFailsStartup(RootKey.class, "get", "reads #root");
	}

	private void assertKeyFailsStartup(Class<?> controller, String method, String reason) {
		this.runner
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
			.withUserConfiguration(controller)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasMessageContaining("@RateLimited on " + controller.getName() + "." + method + "()")
					.hasMessageContaining(reason);
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

	@Configuration(proxyBeanMethods = false)
	static class NoHandler {

		@RateLimited(tier = "free")
		public String get() {
			return "x";
		}

	}

	@RestController
	@RateLimited(tier = "free")
	static class NoHandlerClass {

	}

	@RestController
	static class FinalHandler {

		@RateLimited(tier = "free", key = "#id")
		@GetMapping("/final/{id}")
		public final String get(@PathVariable String id) {
			return id;
		}

	}

	public record LoginRequest(String username) {

	}

	@RestController
	public static class RequestParameter {

		@RateLimited(tier = "free", key = "#request.username()")
		@PostMapping("/login")
		public String login(@RequestBody LoginRequest request) {
			return request.username();
		}

	}

	@RestController
	public static class AddressParameter {

		@RateLimited(tier = "free", key = "#address")
		@GetMapping("/visit/{address}")
		public String visit(@PathVariable String address) {
			return address;
		}

	}

	@RestController
	public static class RootKey {

		@RateLimited(tier = "free", key = "#root")
		@GetMapping("/root")
		public String get() {
			return "root";
		}

	}

	@RestController
	public static class Handlers {

		@RateLimited(tier = "free", key = "#id")
		@GetMapping("/keyed/{id}")
		public String keyed(@PathVariable String id) {
			return id;
		}

		@RateLimited(tier = "free")
		@GetMapping("/plain")
		public String plain() {
			return "plain";
		}

	}

}

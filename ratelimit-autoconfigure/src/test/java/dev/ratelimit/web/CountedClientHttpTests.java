package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.ratelimit.core.Tier;
import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose plan applies and what happens when a resolver fails, over real HTTP with a real
 * Redis: a client named by a key expression is counted on its own plan whatever the
 * caller's key, and a throwing key or tier resolver counts the request by the default
 * resolver, reported once without client values, and a key expression that fails counts
 * the caller on the declared tier, never on the caller's plan.
 */
@SpringBootTest(classes = { TestApplication.class, CountedClientHttpTests.Resolvers.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.tenant.plan=true",
				"ratelimit.tiers.tenant.limits.per-hour.limit=10", "ratelimit.tiers.tenant.limits.per-hour.period=1h",
				"ratelimit.tiers.paid.plan=true", "ratelimit.tiers.paid.limits.per-hour.limit=600",
				"ratelimit.tiers.paid.limits.per-hour.period=1h", "ratelimit.tiers.paid.api-keys=paid-key" })
@ExtendWith(OutputCaptureExtension.class)
class CountedClientHttpTests extends HttpTestBase {

	private static final String FRESH_PAID_KEY = "paid-" + UUID.randomUUID();

	private final String tenant = "t-" + UUID.randomUUID();

	@Test
	void aPaidKeyOnATenantsEndpointIsCountedOnTheTenantsBudgetAndRuntimePlan() {
		Resolvers.plans.put(this.tenant, List.of(PlanLimit.of("per-hour", 4, Duration.ofHours(1))));
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = this.http.get(orders(), "X-API-Key", "paid-key");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=4;w=3600");
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo(Integer.toString(3 - i));
		}
		assertThat(this.http.get(orders(), "X-API-Key", "paid-key").statusCode()).isEqualTo(429);
		// the same budget, whoever calls
		assertThat(this.http.get(orders()).statusCode()).isEqualTo(429);
	}

	@Test
	void aPaidKeyOnATenantWithoutRuntimePlanGetsTheTenantTier() {
		HttpResponse<String> response = this.http.get(orders(), "X-API-Key", "paid-key");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=10;w=3600");
		assertThat(header(response, "RateLimit-Remaining")).isEqualTo("9");
		assertThat(header(this.http.get(orders()), "RateLimit-Remaining")).isEqualTo("8");
	}

	@Test
	void aPaidKeyStillChoosesItsPlanWhereTheCallerIsCounted() {
		HttpResponse<String> response = this.http.get("/counted/plan", "X-API-Key", "paid-key");
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=600;w=3600");
	}

	@DynamicPropertySource
	static void paidKeys(DynamicPropertyRegistry registry) {
		registry.add("ratelimit.tiers.paid.api-keys", () -> "paid-key," + FRESH_PAID_KEY);
	}

	@Test
	void aPaidKeyWhoseDeclarationsKeyFailsIsCountedOnTheDeclaredTierNotItsPlan() {
		// the key reads an argument that is absent: null, so the caller is counted
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = this.http.get("/counted/accounts", "X-API-Key", FRESH_PAID_KEY);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=10;w=3600");
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo(Integer.toString(9 - i));
		}
		// a key reading only the request that throws: the same caller on the same tier
		HttpResponse<String> response = this.http.get("/counted/header-tenant", "X-API-Key", FRESH_PAID_KEY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=10;w=3600");
		assertThat(header(response, "RateLimit-Remaining")).isEqualTo("7");
		// beside another declaration, decided together: the same
		HttpResponse<String> together = this.http.get("/counted/accounts-and-free", "X-API-Key", FRESH_PAID_KEY);
		assertThat(together.statusCode()).isEqualTo(200);
		assertThat(header(together, "RateLimit-Policy"))
			.isEqualTo("\"tenant.per-hour\";q=10;w=3600, \"free.per-minute\";q=5;w=60");
		assertThat(header(together, "RateLimit")).startsWith("\"tenant.per-hour\";r=6;");
		// where the caller is counted, the key still chooses its plan
		assertThat(header(this.http.get("/counted/plan", "X-API-Key", FRESH_PAID_KEY), "RateLimit-Policy"))
			.isEqualTo("\"per-hour\";q=600;w=3600");
	}

	@Test
	void aThrowingKeyResolverCountsByTheDefaultResolverAndWarnsOnce(CapturedOutput output) {
		String apiKey = "k-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = this.http.get("/counted/free", "X-API-Key", apiKey, "X-Fail", "key");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
		}
		// the default resolver counted the caller's key: the same client as here
		assertThat(header(this.http.get("/counted/free", "X-API-Key", apiKey), "RateLimit-Remaining")).isEqualTo("1");
		assertThat(count(output.getOut(),
				"KeyResolver " + Resolvers.FailingKeys.class.getName()
						+ " failed (java.lang.IllegalStateException); the default resolver answers instead"))
			.isEqualTo(1);
		assertThat(output.getAll()).doesNotContain(apiKey).doesNotContain("client secret-value");
	}

	@Test
	void aThrowingTierResolverLetsTheDefaultResolverChooseAndWarnsOnce(CapturedOutput output) {
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = this.http.get("/counted/plan", "X-API-Key", "paid-key", "X-Fail", "tier");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=600;w=3600");
		}
		assertThat(count(output.getOut(),
				"TierResolver " + Resolvers.FailingTiers.class.getName()
						+ " failed (java.lang.IllegalStateException); the default resolver answers instead"))
			.isEqualTo(1);
		assertThat(output.getAll()).doesNotContain("client secret-value");
	}

	private String orders() {
		return "/counted/tenants/" + this.tenant + "/orders";
	}

	private static int count(String text, String line) {
		return text.split(Pattern.quote(line), -1).length - 1;
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	@Configuration(proxyBeanMethods = false)
	static class Resolvers {

		static final Map<String, List<PlanLimit>> plans = new java.util.concurrent.ConcurrentHashMap<>();

		@Bean
		KeyResolver failingKeys() {
			return new FailingKeys();
		}

		@Bean
		TierResolver failingTiers(dev.ratelimit.core.TierRegistry registry) {
			return new FailingTiers(registry);
		}

		@Bean
		PlanLimitsResolver tenantPlans() {
			return new PlanLimitsResolver() {

				@Override
				public @Nullable List<PlanLimit> resolve(HttpServletRequest request, Tier tier) {
					return null;
				}

				@Override
				public @Nullable List<PlanLimit> resolveNamed(HttpServletRequest request, Tier tier, String named) {
					return plans.get(named);
				}

			};
		}

		@Bean
		Endpoints countedEndpoints() {
			return new Endpoints();
		}

		static final class FailingKeys implements KeyResolver {

			@Override
			public String resolve(HttpServletRequest request) {
				if ("key".equals(request.getHeader("X-Fail"))) {
					throw new IllegalStateException("client secret-value");
				}
				return "key:" + request.getHeader("X-API-Key");
			}

		}

		/**
		 * The caller's plan from its key, as the default, unless told to fail.
		 */
		static final class FailingTiers extends KeyTierResolver {

			FailingTiers(dev.ratelimit.core.TierRegistry registry) {
				super(registry, "X-API-Key");
			}

			@Override
			public String resolve(HttpServletRequest request, String requestedTier) {
				if ("tier".equals(request.getHeader("X-Fail"))) {
					throw new IllegalStateException("client secret-value");
				}
				return super.resolve(request, requestedTier);
			}

		}

	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "tenant", key = "#tenant")
		@GetMapping("/counted/tenants/{tenant}/orders")
		Map<String, String> orders(@PathVariable String tenant) {
			return Map.of("tenant", tenant);
		}

		@RateLimited(tier = "tenant")
		@GetMapping("/counted/plan")
		Map<String, String> plan() {
			return Map.of("ok", "plan");
		}

		@RateLimited(tier = "tenant", key = "#account")
		@GetMapping("/counted/accounts")
		Map<String, String> accounts(@RequestParam(required = false) @Nullable String account) {
			return Map.of("ok", "accounts");
		}

		@RateLimited(tier = "tenant", key = "#account")
		@RateLimited(tier = "free")
		@GetMapping("/counted/accounts-and-free")
		Map<String, String> accountsAndFree(@RequestParam(required = false) @Nullable String account) {
			return Map.of("ok", "accounts-and-free");
		}

		@RateLimited(tier = "tenant", key = "#request.getHeader('X-Tenant').trim()")
		@GetMapping("/counted/header-tenant")
		Map<String, String> headerTenant() {
			return Map.of("ok", "header-tenant");
		}

		@RateLimited(tier = "free")
		@GetMapping("/counted/free")
		Map<String, String> free() {
			return Map.of("ok", "free");
		}

	}

}

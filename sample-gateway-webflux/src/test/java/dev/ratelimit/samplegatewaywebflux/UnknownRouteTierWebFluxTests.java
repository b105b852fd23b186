package dev.ratelimit.samplegatewaywebflux;

import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A configured route of the reactive gateway whose {@code RateLimit} filter, or whose
 * {@code RequestRateLimiter} with the starter's rate limiter, names a tier
 * {@code ratelimit.tiers} does not declare stops startup, naming the route and the tier,
 * even where the gateway is told to leave invalid routes out; so does a
 * {@code RequestRateLimiter} that names no tier for the starter's limiter, or a tier for
 * another limiter, which would not apply it, a cost below 1, and a default filter naming
 * an unknown tier. A route of the Java DSL giving {@code RequestRateLimiter} the bare
 * {@code tierRateLimiter}, which has no tier for it, stops startup naming the route.
 */
class UnknownRouteTierWebFluxTests {

	@Test
	void configuredRouteNamingAnUnknownTierFailsStartup() {
		assertThatIllegalStateException().isThrownBy(() -> run("--" + FILTERS + "[0]=RateLimit=fre"))
			.withMessageStartingWith("RateLimit filter of route 'orders' names unknown tier 'fre'; "
					+ "configured tiers (ratelimit.tiers): ");
	}

	@Test
	void configuredRouteWithACostBelowOneFailsStartup() {
		assertThatIllegalStateException().isThrownBy(() -> run("--" + FILTERS + "[0]=RateLimit=free,0"))
			.withMessage("RateLimit filter of route 'orders' has cost '0'; it must be a whole number of at least 1");
	}

	@Test
	void defaultFilterNamingAnUnknownTierFailsStartup() {
		assertThatIllegalStateException()
			.isThrownBy(() -> run("--spring.cloud.gateway.server.webflux.default-filters[0]=RateLimit=fre"))
			.withMessageStartingWith("RateLimit filter of spring.cloud.gateway.server.webflux.default-filters "
					+ "names unknown tier 'fre'; configured tiers (ratelimit.tiers): ");
	}

	@Test
	void requestRateLimiterNamingAnUnknownTierFailsStartup() {
		assertThatIllegalStateException()
			.isThrownBy(() -> run("--" + FILTERS + "[0].name=RequestRateLimiter",
					"--" + FILTERS + "[0].args[rate-limiter]=#{@tierRateLimiter}",
					"--" + FILTERS + "[0].args[tier-rate-limiter.tier]=fre"))
			.withMessageStartingWith("RequestRateLimiter of route 'orders' names unknown tier 'fre'; "
					+ "configured tiers (ratelimit.tiers): ");
	}

	@Test
	void requestRateLimiterWithoutATierForTheTierRateLimiterFailsStartup() {
		assertThatIllegalStateException()
			.isThrownBy(() -> run("--" + FILTERS + "[0].name=RequestRateLimiter",
					"--" + FILTERS + "[0].args[rate-limiter]=#{@tierRateLimiter}"))
			.withMessage("RequestRateLimiter of route 'orders' names no tier (tier-rate-limiter.tier)");
	}

	@Test
	void requestRateLimiterNamingATierForAnotherLimiterFailsStartup() {
		assertThatIllegalStateException()
			.isThrownBy(() -> run("--" + FILTERS + "[0].name=RequestRateLimiter",
					"--" + FILTERS + "[0].args[redis-rate-limiter.replenishRate]=1",
					"--" + FILTERS + "[0].args[tier-rate-limiter.tier]=free"))
			.withMessage("RequestRateLimiter of route 'orders' names tier 'free' (tier-rate-limiter.tier) "
					+ "but not the rate limiter that applies it: rate-limiter: \"#{@tierRateLimiter}\"");
	}

	@Test
	void javaDslRouteGivingRequestRateLimiterTheBareTierRateLimiterFailsStartup() {
		assertThatIllegalStateException().isThrownBy(() -> runWithJavaDslRoutes("--test.dsl.bare=true"))
			.withMessage("RequestRateLimiter of route 'bare' applies tierRateLimiter without a tier; "
					+ "in the Java DSL give it tierRateLimiter.forTier(tier, cost)");
	}

	@Test
	void javaDslRouteGivingTheTierRateLimiterAnUnknownTierThroughTheGatewaysSpecFailsStartup() {
		assertThatIllegalStateException().isThrownBy(() -> runWithJavaDslRoutes("--test.dsl.spec-tier=fre"))
			.withMessageStartingWith("RequestRateLimiter of route 'spec' names unknown tier 'fre'; "
					+ "configured tiers (ratelimit.tiers): ");
	}

	private static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0]";

	private static final String FILTERS = ROUTE + ".filters";

	private static void run(String... filters) {
		run(new Class<?>[] { GatewayWebFluxSampleApplication.class }, filters);
	}

	private static void runWithJavaDslRoutes(String... args) {
		run(new Class<?>[] { GatewayWebFluxSampleApplication.class, JavaDslLimiterRoutes.class }, args);
	}

	private static void run(Class<?>[] sources, String... filters) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + FreePorts.any(), "--spring.main.banner-mode=off",
				// the gateway alone would leave the route out with a warning
				"--spring.cloud.gateway.server.webflux.fail-on-route-definition-error=false",
				"--" + ROUTE + ".id=orders", "--" + ROUTE + ".uri=http://127.0.0.1:9",
				"--" + ROUTE + ".predicates[0]=Path=/orders/**"));
		args.addAll(List.of(filters));
		SpringApplication.run(sources, args.toArray(String[]::new));
	}

}

package dev.ratelimit.samplegatewaywebflux;

import dev.ratelimit.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A configured route of the reactive gateway whose {@code RateLimit} filter names a tier
 * {@code ratelimit.tiers} does not declare stops startup, naming the route and the tier,
 * even where the gateway is told to leave invalid routes out.
 */
class UnknownRouteTierWebFluxTests {

	@Test
	void configuredRouteNamingAnUnknownTierFailsStartup() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SpringApplication.run(GatewayWebFluxSampleApplication.class,
					"--server.port=" + FreePorts.any(), "--spring.main.banner-mode=off",
					// the gateway alone would leave the route out with a warning
					"--spring.cloud.gateway.server.webflux.fail-on-route-definition-error=false",
					"--spring.cloud.gateway.server.webflux.routes[0].id=orders",
					"--spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:9",
					"--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/orders/**",
					"--spring.cloud.gateway.server.webflux.routes[0].filters[0]=RateLimit=fre"))
			.withMessageStartingWith("RateLimit filter of route 'orders' names unknown tier 'fre'; "
					+ "configured tiers (ratelimit.tiers): ");
	}

}

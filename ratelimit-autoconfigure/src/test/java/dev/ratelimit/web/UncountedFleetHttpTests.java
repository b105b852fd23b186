package dev.ratelimit.web;

import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.TestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UncountedFleetHttpTestBase} on the servlet stack, where the {@code ratelimits}
 * endpoint shows the fleet awaiting its count and then counted.
 */
class UncountedFleetHttpTests extends UncountedFleetHttpTestBase {

	@Override
	protected SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("management.endpoints.web.exposure.include=ratelimits");
	}

	@Override
	protected void assertAwaitingCount(ConfigurableApplicationContext application, Http http) {
		assertThat(http.get("/actuator/ratelimits").body())
			.contains("\"fleet\":{\"counted\":true,\"awaitingCount\":true}");
	}

	@Override
	protected void assertCountedAlone(ConfigurableApplicationContext application, Http http) {
		assertThat(http.get("/actuator/ratelimits").body())
			.contains("\"fleet\":{\"nodes\":1,\"counted\":true,\"awaitingCount\":false}");
	}

}

package dev.ratelimit.webflux;

import dev.ratelimit.resilience.FleetSize;
import dev.ratelimit.web.UncountedFleetHttpTestBase;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.webflux.app.WebFluxTestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UncountedFleetHttpTestBase} on WebFlux: the same answers from a reactive
 * application, the fleet read from its {@link FleetSize}.
 */
class WebFluxUncountedFleetHttpTests extends UncountedFleetHttpTestBase {

	@Override
	protected SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(WebFluxTestApplication.class).properties(
				"spring.main.web-application-type=reactive", "ratelimit.tiers.loose.limits.per-minute.limit=1",
				"ratelimit.tiers.loose.limits.per-minute.period=1m", "ratelimit.tiers.trial.limits.per-minute.limit=1",
				"ratelimit.tiers.trial.limits.per-minute.period=1m");
	}

	@Override
	protected void assertAwaitingCount(ConfigurableApplicationContext application, Http http) {
		assertThat(application.getBean(FleetSize.class).awaitingCount()).isTrue();
	}

	@Override
	protected void assertCountedAlone(ConfigurableApplicationContext application, Http http) {
		assertThat(application.getBean(FleetSize.class).nodes()).isEqualTo(1);
	}

}

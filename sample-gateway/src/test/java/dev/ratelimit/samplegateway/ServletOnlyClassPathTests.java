package dev.ratelimit.samplegateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A servlet gateway with the starter and ratelimit-gateway gets nothing of WebFlux or of
 * the reactive gateway on its class path.
 */
class ServletOnlyClassPathTests {

	@Test
	void noWebFluxOnTheClassPath() {
		assertAbsent("org.springframework.web.reactive.DispatcherHandler");
	}

	@Test
	void noReactiveGatewayOnTheClassPath() {
		assertAbsent("org.springframework.cloud.gateway.filter.GatewayFilter");
	}

	@Test
	void noReactiveServerOnTheClassPath() {
		assertAbsent("reactor.netty.http.server.HttpServer");
	}

	private static void assertAbsent(String className) {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName(className, false, ServletOnlyClassPathTests.class.getClassLoader()));
	}

}

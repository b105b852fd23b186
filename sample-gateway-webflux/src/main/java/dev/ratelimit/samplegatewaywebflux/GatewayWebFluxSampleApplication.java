package dev.ratelimit.samplegatewaywebflux;

import java.util.Map;

import dev.ratelimit.gateway.webflux.RateLimitGatewayFilterFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A reactive gateway: the routes of {@code application.yml}, one route of the Java DSL,
 * {@code reports}, each request of which costs 5 units of the {@code reports} tier, and
 * the backend both reach unless {@code sample.backend-uri} names another.
 */
@SpringBootApplication
public class GatewayWebFluxSampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayWebFluxSampleApplication.class, args);
	}

	@Bean
	RouteLocator reportsRoute(RouteLocatorBuilder routes, RateLimitGatewayFilterFactory rateLimit,
			@Value("${sample.backend-uri}") String backend) {
		return routes.routes()
			.route("reports", (route) -> route.path("/reports/**")
				.filters((filters) -> filters.filter(rateLimit.apply((config) -> config.setTier("reports").setCost(5)))
					.prefixPath("/backend"))
				.uri(backend))
			.build();
	}

	/**
	 * Answer every {@code /backend/**} request with the path it received and an
	 * {@code X-Served-By} header.
	 */
	@Bean
	RouterFunction<ServerResponse> backend() {
		return RouterFunctions.route()
			.GET("/backend/**",
					(request) -> ServerResponse.ok()
						.header("X-Served-By", "sample-gateway-webflux-backend")
						.bodyValue(Map.of("path", request.path())))
			.build();
	}

}

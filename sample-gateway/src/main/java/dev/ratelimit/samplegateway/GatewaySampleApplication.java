package dev.ratelimit.samplegateway;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static dev.ratelimit.gateway.mvc.RateLimitFilterFunctions.rateLimit;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.prefixPath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

/**
 * A servlet gateway: the routes of {@code application.yml}, and one route of the Java
 * DSL, {@code reports}, each request of which costs 5 units of the {@code reports} tier.
 */
@SpringBootApplication
public class GatewaySampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewaySampleApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> reportsRoute(@Value("${sample.backend-uri}") String backend,
			@Value("${sample.backend-prefix}") String prefix) {
		RouterFunctions.Builder reports = route("reports").GET("/reports/**", http()).before(uri(backend));
		if (!prefix.isEmpty()) {
			reports.before(prefixPath(prefix));
		}
		return reports.filter(rateLimit("reports", 5)).build();
	}

}

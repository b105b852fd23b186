package dev.ratelimit.gateway.mvc;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import static dev.ratelimit.gateway.mvc.RateLimitFilterFunctions.rateLimit;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;

/**
 * A servlet gateway: routes from {@code spring.cloud.gateway.server.webmvc.routes}, and
 * with {@code test.dsl.tier} set a route of the Java DSL, {@code dsl}, from
 * {@code /dsl/**} to {@code test.backend} through that tier.
 */
@SpringBootApplication
public class GatewayTestApplication {

	@Bean
	@ConditionalOnProperty("test.dsl.tier")
	RouterFunction<ServerResponse> dslRoute(@Value("${test.backend}") String backend,
			@Value("${test.dsl.tier}") String tier) {
		return route("dsl").GET("/dsl/**", http()).before(uri(backend)).filter(rateLimit(tier)).build();
	}

}

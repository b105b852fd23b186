package dev.ratelimit.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.ratelimit.web.app.OutageHttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import dev.ratelimit.web.inflight.Gate;
import dev.ratelimit.web.inflight.InFlightApplication;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The one application the servlet HTTP tests that stop their Redis start together, on the
 * {@link dev.ratelimit.web.app.StoppableRedis} of {@link OutageHttpTestBase}: its
 * breakers live in the application's {@link CircuitBreakerRegistry}, so that each test
 * starts with them closed. A class adds its tiers and endpoints here under names no other
 * class uses; one that needs other breaker timings or another mode starts an application
 * of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = {
		TestApplication.class, OutageApplicationTest.Breakers.class, InFlightApplication.Endpoints.class, Gate.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.circuit-breaker.wait-in-open-state=30s", "spring.data.redis.connect-timeout=200ms",
				"ratelimit.fallback.expected-nodes=2",
				// FailurePolicyHttpTests, on TestApplication's tiers
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.free.failure-policy=fail-open", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.duo.failure-policy=fail-closed",
				// InFlightFallbackHttpTests, on InFlightApplication's endpoints
				"ratelimit.tiers.export.limits.in-flight.concurrent=3",
				"ratelimit.tiers.mixed.limits.in-flight.concurrent=2",
				"ratelimit.tiers.mixed.failure-policy=fail-closed", "ratelimit.tiers.single.limits.one.concurrent=1",
				"ratelimit.tiers.single.failure-policy=fail-open" })
public @interface OutageApplicationTest {

	/**
	 * The application's own breaker registry, where the tests reach the limiter's
	 * breakers.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	class Breakers {

		@Bean
		CircuitBreakerRegistry circuitBreakerRegistry() {
			return CircuitBreakerRegistry.ofDefaults();
		}

	}

}

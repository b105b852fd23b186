package dev.ratelimit.webflux;

import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.OwnRedisHttpTestBase;
import dev.ratelimit.webflux.app.WebFluxTestApplication;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No blocking call on a non-blocking thread (Netty's event loops, Reactor's parallel
 * threads) anywhere on the HTTP path of a rate-limited WebFlux request, in every state of
 * the store: healthy, frozen by SIGSTOP (the budget elapses, the local fallback answers)
 * and with the circuit breaker open. BlockHound records each blocking call instead of
 * throwing, so that a call caught in a library's error handling still fails the test; an
 * endpoint that blocks on purpose proves the check sees them.
 */
@SpringBootTest(classes = { WebFluxTestApplication.class, WebFluxBlockHoundTests.BlockingEndpoint.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ratelimit.redis.timeout=200ms",
				"ratelimit.fallback.expected-nodes=1", "ratelimit.circuit-breaker.wait-in-open-state=30s",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.duo.limits.per-second.limit=3", "ratelimit.tiers.duo.limits.per-second.period=1s",
				"ratelimit.tiers.duo.failure-policy=fail-closed", "ratelimit.tiers.loose.limits.per-minute.limit=5",
				"ratelimit.tiers.loose.limits.per-minute.period=1m", "ratelimit.tiers.trial.limits.per-minute.limit=5",
				"ratelimit.tiers.trial.limits.per-minute.period=1m", "ratelimit.filter.rules[0].paths=/api/rule/**",
				"ratelimit.filter.rules[0].tier=free" })
@DirtiesContext
class WebFluxBlockHoundTests extends OwnRedisHttpTestBase {

	private static final List<String> blockingCalls = new CopyOnWriteArrayList<>();

	private static final String[] PATHS = { "/api/free", "/api/flux", "/fn/free", "/api/rule/thing", "/api/duo",
			"/api/address" };

	@Autowired
	CircuitBreaker breaker;

	private Http http;

	@BeforeAll
	static void installBlockHound() {
		// the integrations BlockHound.install() would load: Reactor's and Netty's
		// non-blocking threads and their allowances
		BlockHound.Builder builder = BlockHound.builder();
		ServiceLoader.load(BlockHoundIntegration.class).forEach(builder::with);
		builder
			.blockingMethodCallback((method) -> blockingCalls
				.add(method + " on " + Thread.currentThread().getName() + "\n" + stack(new Throwable())))
			.install();
	}

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
		// the first requests of a fresh application initialise what they touch once
		requests("warm-up-" + UUID.randomUUID(), 1);
		blockingCalls.clear();
	}

	@AfterEach
	void resume() {
		redis.resume();
	}

	@Test
	void blockingOnAnEventLoopIsSeen() {
		this.http.get("/test/blocking");
		assertThat(blockingCalls).anyMatch((call) -> call.contains("sleep"));
	}

	@Test
	void noBlockingCallWhileRedisIsHealthy() {
		requests("healthy-" + UUID.randomUUID(), 8);
		assertThat(blockingCalls).isEmpty();
	}

	@Test
	void noBlockingCallWhileRedisIsFrozenNorWithTheBreakerOpen() {
		redis.pause();
		String client = "frozen-" + UUID.randomUUID();
		requests(client, 2);
		await().until(() -> {
			requests(client, 1);
			return this.breaker.getState() == CircuitBreaker.State.OPEN;
		});
		requests(client, 8);
		assertThat(blockingCalls).isEmpty();
	}

	private void requests(String apiKey, int rounds) {
		for (int i = 0; i < rounds; i++) {
			for (String path : PATHS) {
				assertThat(this.http.get(path, "X-API-Key", apiKey).statusCode()).as(path).isIn(200, 429, 503);
			}
		}
	}

	private static String stack(Throwable trace) {
		StringBuilder text = new StringBuilder();
		for (StackTraceElement element : trace.getStackTrace()) {
			text.append("\tat ").append(element).append('\n');
		}
		return text.toString();
	}

	@RestController
	static class BlockingEndpoint {

		@GetMapping("/test/blocking")
		Mono<String> blocking() throws InterruptedException {
			Thread.sleep(1);
			return Mono.just("blocked");
		}

	}

}

package dev.ratelimit.web.inflight;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests in flight across a fleet on one Redis: three nodes behind a round-robin hold
 * the limit between them, not each; and a node killed with {@code SIGKILL} while holding
 * permits, which it renewed past their maximum duration while it ran, leaves them to
 * lapse within that duration.
 */
class InFlightFleetHttpTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	private final RedisEndpoint redis = TestRedis.shared();

	private final String prefix = "rl-fleet-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private Process child;

	@AfterEach
	void stop() {
		this.nodes.forEach((node) -> node.getBean(Gate.class).open());
		this.nodes.forEach(ConfigurableApplicationContext::close);
		if (this.child != null) {
			this.child.destroyForcibly();
		}
	}

	@Test
	void threeNodesBehindARoundRobinHoldThreeRequestsInFlightBetweenThem() throws Exception {
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ConfigurableApplicationContext node = new SpringApplicationBuilder(InFlightApplication.class)
				.properties(properties("server.port=0", "ratelimit.tiers.export.limits.in-flight.concurrent=3"))
				.run();
			this.nodes.add(node);
			node.getBean(Gate.class).close();
			ports.add(((WebServerApplicationContext) node).getWebServer().getPort());
		}
		String apiKey = "fleet-" + UUID.randomUUID();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			responses.add(hold(ports.get(i % 3), apiKey));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> responses.stream().filter(CompletableFuture::isDone).count() + entered() == 10);
		assertThat(entered()).isEqualTo(3);
		assertThat(responses.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
			.allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(429));
		this.nodes.forEach((node) -> node.getBean(Gate.class).open());
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isIn(200, 429);
		}
	}

	@Test
	void aNodeKilledWhileHoldingPermitsLeavesThemFreeWithinTheMaximumDuration() throws Exception {
		Duration maxDuration = Duration.ofSeconds(2);
		String limit = "ratelimit.tiers.export.limits.in-flight.";
		List<String> settings = List.of(limit + "concurrent=3",
				limit + "max-duration=" + maxDuration.toMillis() + "ms");
		int childPort = FreePorts.any();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), InFlightNode.class.getName()));
		List<String> childSettings = new ArrayList<>(settings);
		childSettings.add("server.port=" + childPort);
		for (String property : properties(childSettings.toArray(String[]::new))) {
			command.add("--" + property);
		}
		this.child = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(new File(System.getProperty("java.io.tmpdir"), "inflight-child-" + childPort + ".log"))
			.start();
		Http childHttp = new Http(childPort);
		await().atMost(Duration.ofSeconds(90))
			.ignoreExceptions()
			.until(() -> childHttp.get("/api/open").statusCode() == 404);
		ConfigurableApplicationContext survivor = new SpringApplicationBuilder(InFlightApplication.class)
			.properties(properties(settings.toArray(String[]::new)))
			.properties("server.port=0")
			.run();
		this.nodes.add(survivor);
		survivor.getBean(Gate.class).open();
		Http survivorHttp = new Http(((WebServerApplicationContext) survivor).getWebServer().getPort());
		String apiKey = "killed-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			// held by the child's gate, which never opens
			hold(childPort, apiKey);
		}
		// read in Redis, not by a request that would take a place for a moment
		await().atMost(Duration.ofSeconds(20)).until(() -> permitsHeld() == 3);
		assertThat(survivorHttp.get("/api/hold", "X-API-Key", apiKey).statusCode()).isEqualTo(429);
		// renewed while the child runs: still held well past the maximum duration
		await().during(maxDuration.multipliedBy(2))
			.atMost(maxDuration.multipliedBy(3))
			.until(() -> survivorHttp.get("/api/hold", "X-API-Key", apiKey).statusCode() == 429);
		this.child.destroyForcibly();
		assertThat(this.child.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.child.exitValue()).isEqualTo(137);
		long killed = System.nanoTime();
		await().atMost(maxDuration.plusSeconds(1))
			.until(() -> survivorHttp.get("/api/hold", "X-API-Key", apiKey).statusCode() == 200);
		assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(maxDuration.plusSeconds(1));
	}

	private int entered() {
		return this.nodes.stream().mapToInt((node) -> node.getBean(Gate.class).entered()).sum();
	}

	private long permitsHeld() {
		long held = 0;
		for (Object key : (List<?>) RedisCommands.call(this.redis, "KEYS", this.prefix + "*#in-flight")) {
			held += (Long) RedisCommands.call(this.redis, "ZCARD", String.valueOf(key));
		}
		return held;
	}

	private String[] properties(String... more) {
		List<String> properties = new ArrayList<>(
				List.of("spring.data.redis.host=" + this.redis.host(), "spring.data.redis.port=" + this.redis.port(),
						"ratelimit.key.prefix=" + this.prefix, "ratelimit.tiers.mixed.limits.in-flight.concurrent=2",
						"ratelimit.tiers.single.limits.one.concurrent=1"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

	private CompletableFuture<HttpResponse<String>> hold(int port, String apiKey) {
		return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/hold"))
			.header("X-API-Key", apiKey)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}

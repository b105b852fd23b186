package dev.ratelimit.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node saturated by unlimited traffic (many client threads in this JVM hammering an
 * endpoint without a tier, on the same cores as the server) while a client hammers a
 * limited endpoint, with the default budget and failure policy: Redis keeps deciding, the
 * breaker stays closed and exactly the limit is admitted. The load lasts as long as the
 * limited client's fixed number of requests. A load run: it runs with
 * {@code -Pmeasurements}, not in every build.
 */
@Tag("measurement")
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.tiers.free.limits.per-hour.limit=" + SaturatedNodeHttpTests.LIMIT,
				"ratelimit.tiers.free.limits.per-hour.period=1h", "ratelimit.tiers.duo.limits.x.limit=1",
				"ratelimit.tiers.duo.limits.x.period=1h", "server.tomcat.threads.max=200" })
class SaturatedNodeHttpTests extends HttpTestBase {

	static final int LIMIT = 20;

	private static final int LIMITED_CLIENTS = 4;

	private static final int LIMITED_REQUESTS_EACH = 40;

	private static final int FLOOD_THREADS = 64;

	@Autowired
	BackendState backend;

	@Autowired
	MeterRegistry registry;

	@Test
	void saturatedNodeStillAdmitsExactlyTheLimitOnRedis() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		URI open = URI.create("http://127.0.0.1:" + this.port + "/api/open");
		URI free = URI.create("http://127.0.0.1:" + this.port + "/api/free");
		String apiKey = "saturated-" + UUID.randomUUID();
		AtomicBoolean flooding = new AtomicBoolean(true);
		AtomicLong flood = new AtomicLong();
		AtomicBoolean breakerStayedClosed = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(FLOOD_THREADS + LIMITED_CLIENTS);
		try {
			List<Future<?>> flooders = new ArrayList<>();
			for (int i = 0; i < FLOOD_THREADS; i++) {
				flooders.add(pool.submit(() -> {
					while (flooding.get()) {
						client.send(HttpRequest.newBuilder(open).build(), HttpResponse.BodyHandlers.discarding());
						flood.incrementAndGet();
					}
					return null;
				}));
			}
			AtomicInteger admitted = new AtomicInteger();
			AtomicInteger other = new AtomicInteger();
			List<Future<?>> limited = new ArrayList<>();
			for (int c = 0; c < LIMITED_CLIENTS; c++) {
				limited.add(pool.submit(() -> {
					for (int i = 0; i < LIMITED_REQUESTS_EACH; i++) {
						HttpResponse<Void> response = client.send(
								HttpRequest.newBuilder(free).header("X-API-Key", apiKey).build(),
								HttpResponse.BodyHandlers.discarding());
						if (response.statusCode() == 200) {
							admitted.incrementAndGet();
						}
						else if (response.statusCode() != 429) {
							other.incrementAndGet();
						}
						if (this.backend.circuit() != BackendState.Circuit.CLOSED) {
							breakerStayedClosed.set(false);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : limited) {
				future.get(120, TimeUnit.SECONDS);
			}
			flooding.set(false);
			for (Future<?> future : flooders) {
				future.get(30, TimeUnit.SECONDS);
			}
			assertThat(flood).hasPositiveValue();
			assertThat(other).hasValue(0);
			assertThat(admitted).hasValue(LIMIT);
			assertThat(breakerStayedClosed).isTrue();
			assertThat(fallbackDecisions()).isZero();
		}
		finally {
			flooding.set(false);
			pool.shutdownNow();
		}
	}

	private double fallbackDecisions() {
		return this.registry.find("ratelimit.requests")
			.tag("tier", "free")
			.counters()
			.stream()
			.filter((counter) -> counter.getId().getTag("outcome").startsWith("fallback"))
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}

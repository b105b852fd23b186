package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.core.Parallel;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold start: three nodes started together on the shared Redis, with the default budget
 * and failure policy, are hit at once by a burst spread round-robin over them. Each node
 * warms up before its web server takes traffic, so the first decisions are Redis's and
 * the fleet admits the limit, not three times it. A load run: it runs with
 * {@code -Pmeasurements}, not in every build.
 */
@Tag("measurement")
class ThreeNodesBurstHttpTests {

	private static final int LIMIT = 100;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void burstOverThreeFreshNodesAdmitsTheLimit() throws Exception {
		RedisEndpoint redis = TestRedis.shared();
		String prefix = "rl-cold-" + UUID.randomUUID().toString().substring(0, 8) + ":";
		List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			starting.add(CompletableFuture.supplyAsync(
					() -> new SpringApplicationBuilder(TestApplication.class)
						.properties("server.port=0", "spring.data.redis.host=" + redis.host(),
								"spring.data.redis.port=" + redis.port(), "ratelimit.key.prefix=" + prefix,
								"ratelimit.tiers.free.limits.per-hour.limit=" + LIMIT,
								"ratelimit.tiers.free.limits.per-hour.period=1h",
								"ratelimit.tiers.duo.limits.per-minute.limit=1",
								"ratelimit.tiers.duo.limits.per-minute.period=1m")
						.run()));
		}
		List<Http> clients = new ArrayList<>();
		for (CompletableFuture<ConfigurableApplicationContext> node : starting) {
			ConfigurableApplicationContext context = node.get();
			this.nodes.add(context);
			clients.add(new Http(((WebServerApplicationContext) context).getWebServer().getPort()));
		}
		AtomicInteger next = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		int admitted = Parallel.count(6 * LIMIT, 30, () -> {
			HttpResponse<String> response = clients.get(next.getAndIncrement() % 3)
				.get("/api/free", "X-API-Key", "burst");
			if (response.statusCode() != 200 && response.statusCode() != 429) {
				errors.incrementAndGet();
			}
			return response.statusCode() == 200;
		});
		assertThat(errors).hasValue(0);
		assertThat(admitted).isBetween(LIMIT - 1, LIMIT + 1);
	}

}

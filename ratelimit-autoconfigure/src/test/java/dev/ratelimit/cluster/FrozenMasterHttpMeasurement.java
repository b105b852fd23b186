package dev.ratelimit.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Prints HTTP latencies of an application on a three-master cluster before, during and
 * after a {@code SIGSTOP} of one master: a limited endpoint whose clients spread over
 * every master, and an unlimited one ({@code /api/open}) on the same Tomcat. Shipped
 * defaults; 8 client threads on the limited endpoint and 4 on the unlimited one, each
 * sending without pause. A measurement: it runs with {@code -Pmeasurements}, and its
 * figures are read, not asserted.
 */
@Tag("measurement")
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.tiers.free.limits.per-hour.limit=1000000",
				"ratelimit.tiers.free.limits.per-hour.period=1h", "ratelimit.tiers.duo.limits.x.limit=1",
				"ratelimit.tiers.duo.limits.x.period=1h" })
class FrozenMasterHttpMeasurement {

	private static final RedisCluster cluster = RedisCluster.start(3);

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		cluster.serveWithoutFullCoverage();
		registry.add("spring.data.redis.cluster.nodes", () -> String.join(",", cluster.seedNodes()));
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void printHttpLatenciesBeforeDuringAndAfterAFrozenMaster() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		RedisEndpoint frozen = cluster.masters().get(2);
		run("warm-up", client);
		run("baseline", client);
		cluster.pause(frozen);
		try {
			run("frozen", client);
		}
		finally {
			cluster.resume(frozen);
		}
		run("resumed", client);
	}

	private void run(String phase, HttpClient client) throws InterruptedException {
		Latencies limited = new Latencies();
		Latencies open = new Latencies();
		AtomicBoolean going = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 12; t++) {
			boolean onOpen = t < 4;
			Thread thread = new Thread(() -> {
				while (going.get()) {
					String path = onOpen ? "/api/open" : "/api/tenant/t" + ThreadLocalRandom.current().nextInt(3000);
					long start = System.nanoTime();
					int status;
					try {
						status = client
							.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
									HttpResponse.BodyHandlers.discarding())
							.statusCode();
					}
					catch (Exception ex) {
						status = -1;
					}
					(onOpen ? open : limited).add(System.nanoTime() - start, status);
				}
			});
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(4000);
		going.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		System.out.printf("%-9s limited: %s%n", phase, limited);
		System.out.printf("%-9s open:    %s%n", phase, open);
	}

	/**
	 * Latencies and statuses of one endpoint.
	 */
	private static final class Latencies {

		private long[] nanos = new long[1 << 16];

		private int count;

		private final Map<Integer, Integer> statuses = new TreeMap<>();

		synchronized void add(long took, int status) {
			if (this.count == this.nanos.length) {
				this.nanos = Arrays.copyOf(this.nanos, this.count * 2);
			}
			this.nanos[this.count++] = took;
			this.statuses.merge(status, 1, Integer::sum);
		}

		@Override
		public synchronized String toString() {
			long[] sorted = Arrays.copyOf(this.nanos, this.count);
			Arrays.sort(sorted);
			long overOneSecond = Arrays.stream(sorted).filter((took) -> took >= 1_000_000_000L).count();
			return String.format("%6d requests %s; p50 %7.2f ms, p99 %7.2f ms, max %7.2f ms, %d took 1 s or more",
					this.count, this.statuses, millis(sorted, 0.50), millis(sorted, 0.99),
					(this.count > 0) ? sorted[this.count - 1] / 1e6 : 0.0, overOneSecond);
		}

		private static double millis(long[] sorted, double quantile) {
			return (sorted.length == 0) ? 0.0
					: sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
		}

	}

}

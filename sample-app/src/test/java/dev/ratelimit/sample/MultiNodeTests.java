package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three sample nodes behind a round robin, sharing one real Redis: with the Redis backend
 * they admit together what one node would; with the local backend each node admits the
 * whole limit, three times too much.
 */
class MultiNodeTests {

	private static final int NODES = 3;

	private static final int BURST = 5;

	private static final int REQUESTS = 3 * NODES * BURST;

	private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]+)\"");

	// 5 an hour: one token refills every 12 minutes, never during the test, so the
	// counts are exact: burst + rate * elapsed = 5 + 0
	private static final String[] TIER = { "--ratelimit.tiers.free.limits.per-minute.limit=" + BURST,
			"--ratelimit.tiers.free.limits.per-minute.period=1h",
			"--ratelimit.tiers.free.limits.per-minute.burst=" + BURST };

	@Test
	void redisBackendAdmitsTheBurstOnceAcrossAllNodes() {
		Map<String, Integer> admitted = admittedPerNode("redis");
		assertThat(admitted).as("nodes that admitted requests").hasSizeGreaterThan(1);
		assertThat(admitted.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(BURST);
	}

	@Test
	void localBackendAdmitsTheBurstOncePerNode() {
		Map<String, Integer> admitted = admittedPerNode("local");
		assertThat(admitted).containsOnlyKeys("node-0", "node-1", "node-2")
			.allSatisfy((node, count) -> assertThat(count).isEqualTo(BURST));
		assertThat(admitted.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(NODES * BURST);
	}

	private Map<String, Integer> admittedPerNode(String backend) {
		String[] args = new String[TIER.length + 2];
		System.arraycopy(TIER, 0, args, 0, TIER.length);
		args[TIER.length] = "--ratelimit.backend=" + backend;
		// the nodes sit behind a loopback proxy, as behind nginx: each run is a fresh
		// client address
		args[TIER.length + 1] = "--server.forward-headers-strategy=native";
		int run = UUID.randomUUID().hashCode();
		String client = "2001:db8:" + Integer.toHexString(run >>> 16) + ":" + Integer.toHexString(run & 0xffff) + "::1";
		Map<String, Integer> admitted = new TreeMap<>();
		try (SampleNodes nodes = SampleNodes.start(NODES, TestRedis.shared(), args)) {
			List<Integer> ports = nodes.ports();
			for (int i = 0; i < REQUESTS; i++) {
				HttpResponse<String> response = Http.get(ports.get(i % NODES), "/api/resource", "X-Forwarded-For",
						client);
				assertThat(response.statusCode()).isIn(200, 429);
				if (response.statusCode() == 200) {
					admitted.merge(node(response), 1, Integer::sum);
				}
			}
		}
		return admitted;
	}

	private static String node(HttpResponse<String> response) {
		Matcher matcher = NODE.matcher(response.body());
		assertThat(matcher.find()).as("node in %s", response.body()).isTrue();
		return matcher.group(1);
	}

}

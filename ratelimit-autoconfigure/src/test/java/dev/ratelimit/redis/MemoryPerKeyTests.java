package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures Redis {@code MEMORY USAGE} per key for every algorithm under the same load:
 * {@code clients} clients each sending {@code limit} requests spread over one minute of
 * injected time (one at a random point of each {@code 1/limit} of it) against a limit of
 * {@code limit} per minute, so every limit ends the minute fully used (the sliding log
 * holding {@code limit} entries). Prints a Markdown table and writes it to
 * {@code target/memory-per-key.md}. Besides {@code MEMORY USAGE} it reports the growth of
 * {@code used_memory} per client, which includes the TTL entry and the allocator's
 * rounding.
 * <p>
 * By default one quick run (limit 100, 50 clients) checks the shape; the figures in
 * {@code docs/algorithms.md} come from
 * {@code -Dmemory.runs=10x1000,90x1000,100x1000,1000x100} (limit x clients). A
 * measurement: it runs with {@code -Pmeasurements}, not in every build.
 */
@Tag("measurement")
class MemoryPerKeyTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final RedisEndpoint redis = TestRedis.shared();

	@Test
	void slidingLogGrowsWithTheLimitWhileTheOthersStayConstant() throws Exception {
		StringBuilder table = new StringBuilder("| Algorithm | Limit / min | Clients | MEMORY USAGE per key (bytes) "
				+ "| Encoding | used_memory growth per client (bytes) |\n|---|---:|---:|---:|---|---:|\n");
		// a first measurement carries the server's one-off allocations: run one and drop
		// it
		measure(Algorithm.GCRA, 10, 50);
		for (String run : System.getProperty("memory.runs", "100x50").split(",")) {
			String[] parts = run.trim().split("x");
			int limit = Integer.parseInt(parts[0]);
			int clients = Integer.parseInt(parts[1]);
			Map<Algorithm, Long> usage = new EnumMap<>(Algorithm.class);
			for (Algorithm algorithm : Algorithm.values()) {
				Measurement measurement = measure(algorithm, limit, clients);
				usage.put(algorithm, measurement.bytesPerKey());
				table.append("| ")
					.append(algorithm.id())
					.append(" | ")
					.append(limit)
					.append(" | ")
					.append(clients)
					.append(" | ")
					.append(measurement.bytesPerKey())
					.append(" | ")
					.append(measurement.encoding())
					.append(" | ")
					.append(measurement.growthPerClient())
					.append(" |\n");
			}
			assertThat(usage.get(Algorithm.SLIDING_WINDOW_LOG)).isGreaterThan(usage.get(Algorithm.TOKEN_BUCKET));
			assertThat(usage.get(Algorithm.SLIDING_WINDOW_LOG)).isGreaterThan(usage.get(Algorithm.FIXED_WINDOW));
			assertThat(usage.get(Algorithm.GCRA)).isLessThanOrEqualTo(usage.get(Algorithm.TOKEN_BUCKET));
			assertThat(usage.get(Algorithm.GCRA)).isLessThanOrEqualTo(usage.get(Algorithm.FIXED_WINDOW));
		}
		System.out.println("Redis " + info("redis_version") + " (" + TestRedis.source() + ")\n" + table);
		Path report = Path.of("target", "memory-per-key.md");
		Files.createDirectories(report.getParent());
		Files.writeString(report, table);
	}

	private Measurement measure(Algorithm algorithm, int limit, int clients) throws InterruptedException {
		LimitSpec spec = LimitSpec.of("per-minute", limit, MINUTE, algorithm);
		List<String> keys = new ArrayList<>(clients);
		for (int client = 0; client < clients; client++) {
			keys.add(new RedisKeys("rl:").stateKey("free:" + token(algorithm, limit, client), spec.name()));
		}
		RedisClient client = RedisClient.create(this.redis.uri());
		try {
			String sha;
			List<String> ballast;
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				sha = connection.sync().scriptLoad(InjectedClockScripts.injectedClockSource(RedisRateLimiter.LIMITS));
				ballast = presizeKeyspace(connection.async(), clients);
			}
			// let the server's cron finish rehashing the grown tables (activerehashing)
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::keyspaceRehashed);
			long clientsBefore = connectedClients();
			long memoryBefore = Long.parseLong(info("used_memory"));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				sendLoad(connection.async(), sha, spec, keys);
			}
			awaitConnectedClients(clientsBefore);
			long memoryAfter = Long.parseLong(info("used_memory"));
			long total = 0;
			Map<String, Integer> encodings = new TreeMap<>();
			for (String key : keys) {
				total += (Long) RedisCommands.call(this.redis, "MEMORY", "USAGE", key, "SAMPLES", "0");
				encodings.merge((String) RedisCommands.call(this.redis, "OBJECT", "ENCODING", key), 1, Integer::sum);
			}
			delete(keys);
			delete(ballast);
			return new Measurement(total / clients, describe(encodings, clients),
					(memoryAfter - memoryBefore) / clients);
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Send every client {@code limit} requests, one in each {@code 1/limit} of a minute
	 * at a random point of it, the minute being one fixed window.
	 */
	private static void sendLoad(RedisAsyncCommands<String, String> commands, String sha, LimitSpec spec,
			List<String> keys) throws InterruptedException {
		TestClock clock = new TestClock();
		clock.advanceToNextMultipleOf(MINUTE);
		long start = clock.nowMicros();
		long gap = spec.periodMicros() / spec.limit();
		Random random = new Random(42);
		List<RedisFuture<?>> pending = new ArrayList<>();
		for (int step = 0; step < spec.limit(); step++) {
			for (String key : keys) {
				long now = start + step * gap + random.nextLong(gap);
				List<String> args = new ArrayList<>();
				for (byte[] arg : LimitsScriptLayout.arguments(LimitsScriptLayout.Mode.DECIDE, 1, 1, List.of(spec),
						0)) {
					args.add(new String(arg, StandardCharsets.US_ASCII));
				}
				args.add(Long.toString(now / 1_000_000));
				args.add(Long.toString(now % 1_000_000));
				pending.add(commands.evalsha(sha, ScriptOutputType.MULTI, new String[] { key },
						args.toArray(String[]::new)));
				if (pending.size() == 2_000) {
					awaitAll(pending);
				}
			}
		}
		awaitAll(pending);
	}

	private void awaitConnectedClients(long atMost) {
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(this::connectedClients, (connected) -> connected <= atMost);
	}

	private long connectedClients() {
		return Long.parseLong(info("connected_clients"));
	}

	/**
	 * Return whether neither the keyspace's hash table nor the one of expiring keys is
	 * being rehashed, as {@code DEBUG HTSTATS} tells.
	 */
	private boolean keyspaceRehashed() {
		try {
			return !((String) RedisCommands.call(this.redis, "DEBUG", "HTSTATS", "0")).contains("rehashing target");
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("Measuring memory needs DEBUG HTSTATS: start Redis with "
					+ "--enable-debug-command local (Redis 7 and later)", ex);
		}
	}

	private static String describe(Map<String, Integer> encodings, int clients) {
		return encodings.entrySet()
			.stream()
			.map((entry) -> entry.getKey()
					+ ((entry.getValue() < clients) ? " " + (100 * entry.getValue() / clients) + "%" : ""))
			.collect(Collectors.joining(", "));
	}

	/**
	 * Fill the keyspace with expiring keys so that neither its hash table nor the one of
	 * expiring keys grows (or rehashes) while the measured keys are added: the growth of
	 * {@code used_memory} is then the keys' own cost, TTL included.
	 */
	private List<String> presizeKeyspace(RedisAsyncCommands<String, String> commands, int clients)
			throws InterruptedException {
		long expiring = keyspaceField("expires");
		long size = Long.highestOneBit(4 * (keyspaceField("keys") + clients) - 1) << 1;
		List<String> ballast = new ArrayList<>();
		List<RedisFuture<?>> pending = new ArrayList<>();
		for (long i = 0; i < size / 2 + 1 - expiring; i++) {
			String key = "ballast:" + i;
			ballast.add(key);
			pending.add(commands.psetex(key, 3_600_000, "x"));
		}
		awaitAll(pending);
		return ballast;
	}

	private long keyspaceField(String field) {
		String info = (String) RedisCommands.call(this.redis, "INFO", "keyspace");
		return info.lines()
			.filter((line) -> line.startsWith("db0:"))
			.flatMap((line) -> Arrays.stream(line.substring(4).split(",")))
			.filter((pair) -> pair.startsWith(field + "="))
			.map((pair) -> Long.parseLong(pair.substring(field.length() + 1)))
			.findFirst()
			.orElse(0L);
	}

	private void delete(List<String> keys) {
		for (int i = 0; i < keys.size(); i += 500) {
			List<String> command = new ArrayList<>(List.of("DEL"));
			command.addAll(keys.subList(i, Math.min(i + 500, keys.size())));
			RedisCommands.call(this.redis, command.toArray(String[]::new));
		}
	}

	private static void awaitAll(List<RedisFuture<?>> pending) throws InterruptedException {
		for (RedisFuture<?> future : pending) {
			if (!future.await(30, TimeUnit.SECONDS) || future.getError() != null) {
				throw new IllegalStateException("EVALSHA failed: " + future.getError());
			}
		}
		pending.clear();
	}

	/**
	 * A 22-character token like the one {@code ClientKeys} makes, unique per run.
	 */
	private static String token(Algorithm algorithm, int limit, int client) {
		String hex = Long.toHexString(((long) algorithm.ordinal() << 56) | ((long) limit << 24) | client);
		return "k" + "0".repeat(21 - hex.length()) + hex;
	}

	private String info(String field) {
		String info = (String) RedisCommands.call(this.redis, "INFO");
		return info.lines()
			.filter((line) -> line.startsWith(field + ":"))
			.map((line) -> line.substring(field.length() + 1).trim())
			.findFirst()
			.orElseThrow();
	}

	private record Measurement(long bytesPerKey, String encoding, long growthPerClient) {
	}

}

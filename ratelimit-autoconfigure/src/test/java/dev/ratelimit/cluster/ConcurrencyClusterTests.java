package dev.ratelimit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.Permit;
import dev.ratelimit.redis.LuaScript;
import dev.ratelimit.redis.RedisConcurrencyLimiter;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.ScriptExecutor;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permits of requests in flight on a real Redis Cluster of three masters: each client's
 * permits in its own hash slot, and a node's renewal of many clients' permits split into
 * one call per slot, never a cross-slot call.
 */
class ConcurrencyClusterTests {

	private static RedisCluster cluster;

	private static LettuceConnectionFactory factory;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start(3);
		factory = ClusterConnections.started(cluster);
	}

	@AfterAll
	static void stopCluster() {
		factory.destroy();
		cluster.close();
	}

	@Test
	void renewingClientsOfEverySlotTakesOneCallPerSlotAndKeepsEveryPermit() {
		Calls calls = new Calls(new ScriptRunner(factory, Duration.ofSeconds(2)));
		RedisKeys keys = new RedisKeys("rl:");
		RedisConcurrencyLimiter limiter = new RedisConcurrencyLimiter(calls, keys);
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 1, Duration.ofSeconds(30));
		List<Permit> permits = new ArrayList<>();
		Set<Integer> slots = new HashSet<>();
		for (int i = 0; i < 30; i++) {
			String client = "cluster-client-" + i;
			assertThat(limiter.acquire(client, limit, "node:" + i).allowed()).isTrue();
			permits.add(new Permit(client, "tier", limit, "node:" + i, false));
			slots.add(ClusterSlotHashUtil
				.calculateSlot(keys.permitsKey(client, "in-flight").getBytes(StandardCharsets.UTF_8)));
		}
		int before = calls.count;
		limiter.renew(permits);
		assertThat(calls.count - before).isEqualTo(slots.size());
		for (Permit permit : permits) {
			assertThat(limiter.acquire(permit.key(), limit, "other").allowed()).isFalse();
		}
	}

	/**
	 * Counts the script calls of the cluster's runner.
	 */
	private static final class Calls implements ScriptExecutor {

		private final ScriptRunner runner;

		private int count;

		Calls(ScriptRunner runner) {
			this.runner = runner;
		}

		@Override
		public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
			this.count++;
			return this.runner.run(script, keys, args);
		}

		@Override
		public boolean oneSlotPerCall() {
			return this.runner.oneSlotPerCall();
		}

		@Override
		public String partition(byte[] key) {
			return this.runner.partition(key);
		}

	}

}

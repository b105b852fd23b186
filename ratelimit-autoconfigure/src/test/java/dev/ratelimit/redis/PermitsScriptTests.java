package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimiter;
import dev.ratelimit.core.ConcurrencyLimiterContract;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.Permit;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code permits.lua} on a real Redis: the contract every permit store keeps, with
 * Redis's {@code TIME} replaced by a test clock (a test-only path), and what the
 * production script leaves in Redis: one sorted set per client and limit, in the slot of
 * the client's other keys, expiring with its latest permit, renewed for a whole node in
 * one call.
 */
class PermitsScriptTests extends ConcurrencyLimiterContract {

	private static final String TIME_CALL = "local time = redis.call('TIME')";

	private final RedisEndpoint redis = TestRedis.shared();

	private final String prefix = "permits-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private final long[] now = { 1_790_000_000_000_000L };

	private final RedisConcurrencyLimiter injected = new RedisConcurrencyLimiter(
			new InjectedTime(this.redis, () -> this.now[0]), new RedisKeys(this.prefix));

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis);

	private final CountingScripts counting = new CountingScripts(new ScriptRunner(this.factory, Duration.ofSeconds(2)));

	private final RedisConcurrencyLimiter production = new RedisConcurrencyLimiter(this.counting,
			new RedisKeys(this.prefix));

	@AfterEach
	void tearDown() {
		this.factory.destroy();
	}

	@Override
	protected ConcurrencyLimiter limiter() {
		return this.injected;
	}

	@Override
	protected void pass(Duration duration) {
		this.now[0] += duration.toNanos() / 1000;
	}

	@Override
	protected Duration maxDuration() {
		// the key's own expiry runs on Redis's real clock: long enough for the test
		return Duration.ofSeconds(5);
	}

	@Test
	void permitsLiveInOneSortedSetInTheClientsSlotExpiringWithTheLatestPermit() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 3, Duration.ofSeconds(30));
		this.production.acquire("acme", limit, "node-a:1");
		this.production.acquire("acme", limit, "node-a:2");
		String key = this.prefix + "{acme}#in-flight";
		assertThat(RedisCommands.call(this.redis, "TYPE", key)).hasToString("zset");
		assertThat((Long) RedisCommands.call(this.redis, "ZCARD", key)).isEqualTo(2);
		assertThat((Long) RedisCommands.call(this.redis, "PTTL", key)).isBetween(25_000L, 30_000L);
		assertThat(new RedisKeys(this.prefix).permitsKey("acme", "in-flight")).startsWith(this.prefix + "{acme}")
			.isNotEqualTo(new RedisKeys(this.prefix).stateKey("acme", "in-flight"));
	}

	@Test
	void renewsEveryPermitOfANodeInOneCall() {
		ConcurrencyLimit limit = new ConcurrencyLimit("in-flight", 5, Duration.ofSeconds(30));
		List<Permit> permits = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String client = "client-" + i;
			this.production.acquire(client, limit, "node-a:" + i);
			permits.add(new Permit(client, "tier", limit, "node-a:" + i, false));
		}
		int before = this.counting.calls();
		this.production.renew(permits);
		assertThat(this.counting.calls() - before).isEqualTo(1);
	}

	/**
	 * Runs {@code permits.lua} with its {@code TIME} call replaced by a test clock.
	 */
	private record InjectedTime(RedisEndpoint redis, MicrosClock clock) implements ScriptExecutor {

		@Override
		@SuppressWarnings("unchecked")
		public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
			long now = this.clock.nowMicros();
			String source = script.source()
				.replace(TIME_CALL, "local time = {'" + now / 1_000_000L + "', '" + now % 1_000_000L + "'}");
			List<String> command = new ArrayList<>(List.of("EVAL", source, String.valueOf(keys.length)));
			for (byte[] key : keys) {
				command.add(new String(key, StandardCharsets.UTF_8));
			}
			for (byte[] arg : args) {
				command.add(new String(arg, StandardCharsets.UTF_8));
			}
			return (List<Object>) RedisCommands.call(this.redis, command.toArray(String[]::new));
		}

	}

}

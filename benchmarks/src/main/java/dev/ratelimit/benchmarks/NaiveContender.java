package dev.ratelimit.benchmarks;

import java.util.Map;

import dev.ratelimit.testsupport.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The non-atomic token bucket many first attempts look like: {@code HGETALL} the bucket,
 * refill and take a token in Java, {@code HSET} it back. Two callers that read the same
 * state both spend the same token, so it over-admits under contention.
 */
final class NaiveContender implements Contender {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisCommands<String, String> commands;

	private final String[] stateKeys;

	private final BenchLimit limit;

	private final double tokensPerMilli;

	NaiveContender(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
		this.client = RedisClient.create(redis.uri());
		this.connection = this.client.connect();
		this.commands = this.connection.sync();
		this.limit = limit;
		this.tokensPerMilli = (double) limit.permits() / limit.period().toMillis();
		this.stateKeys = new String[keys.size()];
		for (int i = 0; i < keys.size(); i++) {
			this.stateKeys[i] = "naive:" + keys.name(i) + ":" + limit.name();
		}
	}

	@Override
	public boolean tryAcquire(int key) {
		long now = System.currentTimeMillis();
		Map<String, String> state = this.commands.hgetall(this.stateKeys[key]);
		double tokens = this.limit.burst();
		if (!state.isEmpty()) {
			long elapsed = Math.max(0, now - Long.parseLong(state.get("ts")));
			tokens = Math.min(this.limit.burst(),
					Double.parseDouble(state.get("tokens")) + elapsed * this.tokensPerMilli);
		}
		if (tokens < 1) {
			return false;
		}
		this.commands.hset(this.stateKeys[key],
				Map.of("tokens", Double.toString(tokens - 1), "ts", Long.toString(now)));
		return true;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}

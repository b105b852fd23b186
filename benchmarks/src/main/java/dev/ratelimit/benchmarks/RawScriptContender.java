package dev.ratelimit.benchmarks;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.redis.LuaScript;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptExecutor;
import dev.ratelimit.testsupport.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The ceiling: the limiter's script sent with {@code EVALSHA} over one shared Lettuce
 * connection, with keys and arguments encoded up front and nothing around the call but a
 * bounded wait for the reply, as a blocking limiter must wait. The keys and arguments are
 * captured once from {@link RedisRateLimiter} itself, so the ceiling sends exactly what
 * ours sends whatever the script's argument layout.
 */
final class RawScriptContender implements Contender {

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final RedisAsyncCommands<byte[], byte[]> commands;

	private final String sha1;

	private final byte[][][] stateKeys;

	private final byte[][][] args;

	RawScriptContender(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
		this.stateKeys = new byte[keys.size()][][];
		this.args = new byte[keys.size()][][];
		LuaScript[] script = new LuaScript[1];
		for (int i = 0; i < keys.size(); i++) {
			int key = i;
			ScriptExecutor capture = (sent, sentKeys, sentArgs) -> {
				script[0] = sent;
				this.stateKeys[key] = sentKeys;
				this.args[key] = sentArgs;
				return List.of(1L, 0L, 0L, 0L);
			};
			new RedisRateLimiter(capture, new RedisKeys("raw:")).decide(keys.name(i), List.of(limit.spec()), 1);
		}
		this.client = RedisClient.create(redis.uri());
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		this.commands = this.connection.async();
		this.sha1 = this.connection.sync().scriptLoad(script[0].source());
	}

	@Override
	public boolean tryAcquire(int key) {
		List<Object> reply = await(
				this.commands.evalsha(this.sha1, ScriptOutputType.MULTI, this.stateKeys[key], this.args[key]));
		return ((Long) reply.get(0)) == 1L;
	}

	private static <T> T await(Future<T> future) {
		try {
			return future.get(2, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("EVALSHA failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}

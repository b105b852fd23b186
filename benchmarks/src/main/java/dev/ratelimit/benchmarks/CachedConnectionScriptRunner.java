package dev.ratelimit.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.redis.LuaScript;
import dev.ratelimit.redis.ScriptExecutor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A sketch of the change proposed for {@code ScriptRunner}: resolve the factory's
 * shared native connection once instead of wrapping it in a {@link RedisConnection} on
 * every call, which takes the factory's lock each time. Same {@code EVALSHA}, same
 * {@code NOSCRIPT} fallback, same bounded wait. Measured only, never shipped.
 */
final class CachedConnectionScriptRunner implements ScriptExecutor {

	private final RedisScriptingAsyncCommands<byte[], byte[]> commands;

	private final long timeoutNanos;

	@SuppressWarnings("unchecked")
	CachedConnectionScriptRunner(LettuceConnectionFactory connectionFactory, Duration timeout) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			// with shareNativeConnection (the default) this is the one shared connection,
			// which outlives the wrapper
			this.commands = (RedisScriptingAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
		}
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		try {
			return await(this.commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args));
		}
		catch (RedisNoScriptException ex) {
			return await(this.commands.eval(script.source(), ScriptOutputType.MULTI, keys, args));
		}
	}

	private <T> T await(RedisFuture<T> future) {
		try {
			return future.get(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new RateLimitBackendException("Redis did not answer in time", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisNoScriptException noScript) {
				throw noScript;
			}
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while waiting for Redis", ex);
		}
	}

}

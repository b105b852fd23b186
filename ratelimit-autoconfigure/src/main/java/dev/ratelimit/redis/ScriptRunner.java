package dev.ratelimit.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.RateLimitBackendException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Runs a {@link LuaScript} with {@code EVALSHA} on the application's shared Lettuce
 * connection, waiting at most a bounded time. On {@code NOSCRIPT} (Redis restarted or
 * {@code SCRIPT FLUSH}) it sends the script once with {@code EVAL}, which also caches
 * it: the only case where a command is sent twice, since a script Redis did not know
 * cannot have run.
 */
public class ScriptRunner implements ScriptExecutor {

	private final RedisConnectionFactory connectionFactory;

	private final Duration timeout;

	/**
	 * Create a runner.
	 * @param connectionFactory the application's Lettuce connection factory
	 * @param timeout the longest wait for one reply
	 */
	public ScriptRunner(RedisConnectionFactory connectionFactory, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
	}

	/**
	 * Run a script that returns an array of integers.
	 * @param script the script
	 * @param keys the keys
	 * @param args the arguments
	 * @return the integers of the reply
	 * @throws RateLimitBackendException if Redis fails or does not answer in time
	 */
	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisScriptingAsyncCommands<byte[], byte[]> commands = scripting(connection);
			try {
				return await(commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args));
			}
			catch (RedisNoScriptException ex) {
				return await(commands.eval(script.source(), ScriptOutputType.MULTI, keys, args));
			}
		}
		catch (RateLimitBackendException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new RateLimitBackendException("Redis failed: " + ex.getMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static RedisScriptingAsyncCommands<byte[], byte[]> scripting(RedisConnection connection) {
		Object nativeConnection = connection.getNativeConnection();
		if (nativeConnection instanceof RedisScriptingAsyncCommands<?, ?> commands) {
			return (RedisScriptingAsyncCommands<byte[], byte[]>) commands;
		}
		throw new IllegalStateException("A Lettuce connection is required but got " + nativeConnection.getClass());
	}

	private <T> T await(io.lettuce.core.RedisFuture<T> future) {
		try {
			return future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new RateLimitBackendException("Redis did not answer within " + this.timeout, ex);
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

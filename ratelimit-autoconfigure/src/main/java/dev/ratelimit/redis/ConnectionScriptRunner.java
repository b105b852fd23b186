package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ratelimit.core.RateLimitBackendException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisScriptingCommands;
import org.springframework.data.redis.connection.ReturnType;

/**
 * Runs scripts through Spring Data's driver-neutral scripting commands, taking a
 * connection from the factory per call (pooled by Jedis). Each wait is bounded by the
 * driver's own read timeout ({@code spring.data.redis.timeout}), which Jedis counts from
 * the moment the command has been written.
 */
final class ConnectionScriptRunner implements ScriptExecutor {

	private final RedisConnectionFactory connectionFactory;

	ConnectionScriptRunner(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		byte[][] keysAndArgs = new byte[keys.length + args.length][];
		System.arraycopy(keys, 0, keysAndArgs, 0, keys.length);
		System.arraycopy(args, 0, keysAndArgs, keys.length, args.length);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisScriptingCommands scripting = connection.scriptingCommands();
			try {
				return (List<Object>) scripting.evalSha(script.sha1(), ReturnType.MULTI, keys.length, keysAndArgs);
			}
			catch (DataAccessException ex) {
				if (!isNoScript(ex)) {
					throw ex;
				}
				return (List<Object>) scripting.eval(script.source().getBytes(StandardCharsets.UTF_8), ReturnType.MULTI,
						keys.length, keysAndArgs);
			}
		}
		catch (RuntimeException ex) {
			throw new RateLimitBackendException("Redis failed: " + ex.getMessage(), ex);
		}
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

}

package dev.ratelimit.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Runs a {@link LuaScript} with {@code EVALSHA} on the application's Redis connection
 * factory, on either Spring Data driver. On {@code NOSCRIPT} (Redis restarted or
 * {@code SCRIPT FLUSH}) it sends the script once with {@code EVAL}, which also caches it:
 * the only retry of its own, since a script Redis did not know cannot have run. A timed
 * out call is never retried. One replay is the driver's: Lettuce, reconnecting, resends
 * commands that were written but not answered, so a decision whose reply was lost with
 * the connection can be charged twice; that errs towards denying, never towards
 * admitting.
 * <p>
 * On Lettuce it keeps one native connection and bounds every wait itself, telling a busy
 * node from a silent Redis; on any other driver (Jedis) it goes through Spring Data's
 * driver-neutral scripting commands and the driver's read timeout bounds the wait.
 */
public class ScriptRunner implements ScriptExecutor {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			ScriptRunner.class.getClassLoader());

	private static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	private final ScriptExecutor driver;

	/**
	 * Create a runner whose calls on a busy node wait up to five times the timeout.
	 * @param connectionFactory the application's connection factory
	 * @param timeout the longest wait for one reply while Redis is silent
	 */
	public ScriptRunner(RedisConnectionFactory connectionFactory, Duration timeout) {
		this(connectionFactory, timeout, timeout.multipliedBy(5));
	}

	/**
	 * Create a runner.
	 * @param connectionFactory the application's connection factory
	 * @param timeout the longest wait for one reply while Redis is silent
	 * @param busyTimeout the longest wait for one reply while Redis keeps answering but
	 * this node reads replies late
	 */
	public ScriptRunner(RedisConnectionFactory connectionFactory, Duration timeout, Duration busyTimeout) {
		this.driver = isLettuce(connectionFactory) ? new LettuceScriptRunner(connectionFactory, timeout, busyTimeout)
				: new ConnectionScriptRunner(connectionFactory);
	}

	/**
	 * Return whether the factory is Lettuce's, so that each wait is bounded by the runner
	 * rather than by the driver.
	 * @param connectionFactory the factory
	 * @return whether it is Lettuce's
	 */
	public static boolean isLettuce(RedisConnectionFactory connectionFactory) {
		return LETTUCE_PRESENT && ClassUtils.isAssignable(loadLettuceFactory(), connectionFactory.getClass());
	}

	private static Class<?> loadLettuceFactory() {
		return ClassUtils.resolveClassName(LETTUCE_FACTORY, ScriptRunner.class.getClassLoader());
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		return this.driver.run(script, keys, args);
	}

}

package dev.ratelimit.redis;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

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
 * Every wait is bounded by the runner, on both drivers, telling a busy node from a silent
 * Redis ({@link ReplyWait}). On Lettuce it keeps one native connection and judges each
 * cluster master by its own replies; on any other driver (Jedis) it goes through Spring
 * Data's driver-neutral scripting commands on a bounded pool of its own threads. A
 * lifecycle bean: its threads start and stop with the application context.
 */
public class ScriptRunner implements ScriptExecutor, SmartLifecycle {

	/** Before the warm-up and the web server start, after they stop. */
	static final int PHASE = Integer.MAX_VALUE - 8192;

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			ScriptRunner.class.getClassLoader());

	private static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

	private final SchedulingLag lag = new SchedulingLag();

	private final ScriptExecutor driver;

	private final boolean cluster;

	private volatile boolean running;

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
		ReplyWait wait = new ReplyWait(timeout, busyTimeout, this.lag);
		this.driver = isLettuce(connectionFactory) ? new LettuceScriptRunner(connectionFactory, wait)
				: new ConnectionScriptRunner(connectionFactory, wait);
		this.cluster = isCluster(connectionFactory);
	}

	/**
	 * Return whether the factory connects to Redis Cluster. Lettuce's and Jedis's
	 * factories both expose their cluster configuration, though no interface declares it.
	 */
	private static boolean isCluster(RedisConnectionFactory connectionFactory) {
		Method configuration = ReflectionUtils.findMethod(connectionFactory.getClass(), "getClusterConfiguration");
		return configuration != null && ReflectionUtils.invokeMethod(configuration, connectionFactory) != null;
	}

	private static boolean isLettuce(RedisConnectionFactory connectionFactory) {
		return LETTUCE_PRESENT && ClassUtils.isAssignable(loadLettuceFactory(), connectionFactory.getClass());
	}

	private static Class<?> loadLettuceFactory() {
		return ClassUtils.resolveClassName(LETTUCE_FACTORY, ScriptRunner.class.getClassLoader());
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		return this.driver.run(script, keys, args);
	}

	@Override
	public CompletionStage<List<Object>> runAsync(LuaScript script, byte[][] keys, byte[]... args) {
		return this.driver.runAsync(script, keys, args);
	}

	/**
	 * Return whether scripts run without blocking: on Lettuce, not on Jedis.
	 */
	@Override
	public boolean supportsAsync() {
		return this.driver.supportsAsync();
	}

	@Override
	public boolean oneSlotPerCall() {
		return this.cluster;
	}

	@Override
	public String partition(byte[] key) {
		return this.driver.partition(key);
	}

	@Override
	public Set<String> partitions() {
		return this.driver.partitions();
	}

	/**
	 * Start measuring this JVM's scheduling lag, which tells a busy node from a silent
	 * Redis.
	 */
	@Override
	public void start() {
		this.lag.start();
		this.running = true;
	}

	/**
	 * Stop the runner's threads: the lag measurement and, on Jedis, the calling threads
	 * (not restarted: later calls fail as Redis failures).
	 */
	@Override
	public void stop() {
		this.running = false;
		this.lag.stop();
		if (this.driver instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not stop " + this.driver, ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}

package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.core.RateLimitBackendException;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisScriptingCommands;
import org.springframework.data.redis.connection.ReturnType;

/**
 * Runs scripts through Spring Data's driver-neutral scripting commands (Jedis), taking a
 * connection from the factory per call, on a bounded pool of its own threads so that the
 * request thread waits with the same {@link ReplyWait} as on Lettuce rather than the
 * driver's read timeout. A call that outlives the wait keeps its pool thread until the
 * driver gives up ({@code spring.data.redis.timeout}); while every pool thread is held,
 * further calls wait in a bounded queue, and when that is full for a place in it, by the
 * same rule as for a reply: a full queue while Redis answers is this node's load, never
 * counted as a failure of Redis. Calls are judged by the replies of the whole deployment:
 * Spring Data hides which cluster node a call went to.
 */
final class ConnectionScriptRunner implements ScriptExecutor, AutoCloseable {

	/**
	 * Threads calling Redis: far more than a 2-core node needs at sub-millisecond calls.
	 */
	static final int THREADS = 16;

	/** Calls waiting for a thread at most. */
	static final int QUEUE = 256;

	private final RedisConnectionFactory connectionFactory;

	private final ReplyWait wait;

	private final ReplyWait.Node deployment = new ReplyWait.Node();

	private final ThreadPoolExecutor calls;

	ConnectionScriptRunner(RedisConnectionFactory connectionFactory, ReplyWait wait) {
		this.connectionFactory = connectionFactory;
		this.wait = wait;
		this.calls = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
				DaemonThreads.named("ratelimit-redis-call"));
		this.calls.allowCoreThreadTimeOut(true);
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		long sent = System.nanoTime();
		Future<List<Object>> call = submit(() -> call(script, keys, args, sent), sent);
		try {
			return this.wait.await(call, sent, this.deployment);
		}
		catch (ExecutionException ex) {
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	private Future<List<Object>> submit(Callable<List<Object>> task, long sent) {
		FutureTask<List<Object>> call = new FutureTask<>(task);
		try {
			this.calls.execute(call);
			return call;
		}
		catch (RejectedExecutionException ex) {
			// every thread is busy and the queue full: calls that timed out while queued
			// give their places back, then this one waits for a place while Redis answers
			// the calls ahead, since this node's own load is no reason to stop limiting
			this.calls.purge();
			if (this.wait.offer(this.calls.getQueue(), call, sent, this.deployment)) {
				return call;
			}
			throw new RateLimitBackendException("Redis answered none of the " + QUEUE + " calls queued for " + THREADS
					+ " threads within the budget", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private List<Object> call(LuaScript script, byte[][] keys, byte[][] args, long sent) {
		byte[][] keysAndArgs = new byte[keys.length + args.length][];
		System.arraycopy(keys, 0, keysAndArgs, 0, keys.length);
		System.arraycopy(args, 0, keysAndArgs, keys.length, args.length);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisScriptingCommands scripting = connection.scriptingCommands();
			List<Object> reply;
			try {
				reply = (List<Object>) scripting.evalSha(script.sha1(), ReturnType.MULTI, keys.length, keysAndArgs);
			}
			catch (DataAccessException ex) {
				if (!NoScript.in(ex)) {
					throw ex;
				}
				this.wait.replied(this.deployment, sent);
				reply = (List<Object>) scripting.eval(script.source().getBytes(StandardCharsets.UTF_8),
						ReturnType.MULTI, keys.length, keysAndArgs);
			}
			this.wait.replied(this.deployment, sent);
			return reply;
		}
	}

	/**
	 * Stop the threads; calls in progress end with the driver's read timeout.
	 */
	@Override
	public void close() {
		this.calls.shutdownNow();
	}

}

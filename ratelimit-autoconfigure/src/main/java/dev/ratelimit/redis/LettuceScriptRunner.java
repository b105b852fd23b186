package dev.ratelimit.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.RateLimitBackendException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Runs scripts on one Lettuce connection kept for the limiter's lifetime, bounding each
 * wait itself. Slow is not down: when the budget passes without a reply, the call counts
 * as failed only if the connection has been silent since the command was sent and this
 * node's threads run on time ({@link SchedulingLag}). If another reply arrived after it
 * was sent, or a thread of this JVM woke late within the last two budgets (the node is
 * too busy to read replies promptly, so their absence says nothing about Redis), the call
 * keeps waiting for its own reply, up to the busy timeout.
 */
final class LettuceScriptRunner implements ScriptExecutor {

	/**
	 * A parked thread on an idle machine wakes within tens of microseconds of its
	 * deadline; one waking a millisecond late shares its cores with more runnable threads
	 * than they can serve promptly.
	 */
	private static final long LATE_WAKE_FLOOR = 1_000_000;

	private final RedisConnectionFactory connectionFactory;

	private final long timeout;

	private final long busyTimeout;

	private final long lateWake;

	private volatile long lastReply = System.nanoTime();

	private final SchedulingLag lag = SchedulingLag.get();

	private volatile @Nullable Commands commands;

	private @Nullable CompletableFuture<Commands> connecting;

	LettuceScriptRunner(RedisConnectionFactory connectionFactory, Duration timeout, Duration busyTimeout) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout.toNanos();
		this.busyTimeout = Math.max(busyTimeout.toNanos(), this.timeout);
		this.lateWake = Math.max(LATE_WAKE_FLOOR, this.timeout / 50);
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		Commands connected = null;
		try {
			connected = connected();
			RedisScriptingAsyncCommands<byte[], byte[]> scripting = connected.scripting();
			try {
				long sent = System.nanoTime();
				return await(scripting.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args), sent);
			}
			catch (RedisNoScriptException ex) {
				long sent = System.nanoTime();
				return await(scripting.eval(script.source(), ScriptOutputType.MULTI, keys, args), sent);
			}
		}
		catch (RateLimitBackendException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof RedisCommandExecutionException)) {
				drop(connected);
			}
			throw new RateLimitBackendException("Redis failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the kept connection, connecting in the background if there is none: a
	 * request waits for a connection at most the busy timeout, never the connect timeout.
	 */
	private Commands connected() {
		Commands connected = this.commands;
		if (connected != null) {
			return connected;
		}
		CompletableFuture<Commands> connecting;
		synchronized (this) {
			if (this.commands != null) {
				return this.commands;
			}
			if (this.connecting == null || this.connecting.isDone()) {
				this.connecting = CompletableFuture.supplyAsync(this::connect, LettuceScriptRunner::startDaemon);
			}
			connecting = this.connecting;
		}
		try {
			return connecting.get(this.busyTimeout, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new RateLimitBackendException("No connection to Redis within "
					+ Duration.ofNanos(this.busyTimeout).toMillis() + " ms; still connecting", ex);
		}
		catch (ExecutionException ex) {
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while connecting to Redis", ex);
		}
	}

	private Commands connect() {
		Commands connected = Commands.of(this.connectionFactory.getConnection());
		synchronized (this) {
			this.commands = connected;
		}
		return connected;
	}

	private static void startDaemon(Runnable task) {
		Thread thread = new Thread(task, "ratelimit-redis-connect");
		thread.setDaemon(true);
		thread.start();
	}

	private void drop(@Nullable Commands connected) {
		if (connected != null) {
			synchronized (this) {
				if (this.commands == connected) {
					this.commands = null;
					connected.close();
				}
			}
		}
	}

	private <T> T await(RedisFuture<T> future, long sent) {
		future.whenComplete((reply, failure) -> {
			// only what Redis sent counts: a cancelled wait or a closed connection is no
			// sign of life, and taking it for one would keep the next waiters waiting
			if (failure == null || failure instanceof RedisCommandExecutionException) {
				this.lastReply = System.nanoTime();
			}
		});
		long deadline = sent + this.timeout;
		long limit = sent + this.busyTimeout;
		try {
			while (true) {
				try {
					return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					long now = System.nanoTime();
					if (now - deadline > this.lateWake) {
						this.lag.late(now);
					}
					if (now - limit >= 0 || !(answering(sent) || busy(now))) {
						future.cancel(false);
						throw new RateLimitBackendException(
								"Redis did not answer within " + Duration.ofNanos(now - sent).toMillis() + " ms", ex);
					}
					deadline = Math.min(now + this.timeout, limit);
				}
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisNoScriptException noScript) {
				throw noScript;
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while waiting for Redis", ex);
		}
	}

	/**
	 * Whether this node is busy: a thread of this JVM woke late within the last two
	 * budgets (one budget proved too short a memory on a saturated 2-core machine, where
	 * late wake-ups come in bursts).
	 */
	private boolean busy(long now) {
		return this.lag.busyWithin(now, 2 * this.timeout);
	}

	/**
	 * Whether Redis is answering on this connection: a reply arrived after the command
	 * was sent, so Redis was alive after it and is working through the pipeline (a
	 * stopped Redis sends nothing after the moment it stops).
	 */
	private boolean answering(long sent) {
		return this.lastReply - sent > 0;
	}

	/**
	 * The kept connection and its asynchronous scripting commands.
	 */
	private record Commands(RedisConnection connection, RedisScriptingAsyncCommands<byte[], byte[]> scripting) {

		@SuppressWarnings("unchecked")
		static Commands of(RedisConnection connection) {
			Object nativeConnection = connection.getNativeConnection();
			if (nativeConnection instanceof RedisScriptingAsyncCommands<?, ?> scripting) {
				return new Commands(connection, (RedisScriptingAsyncCommands<byte[], byte[]>) scripting);
			}
			connection.close();
			throw new IllegalStateException(
					"A Lettuce connection is required but got " + nativeConnection.getClass().getName());
		}

		void close() {
			try {
				this.connection.close();
			}
			catch (RuntimeException ex) {
				// the connection is being replaced because it failed
			}
		}

	}

}

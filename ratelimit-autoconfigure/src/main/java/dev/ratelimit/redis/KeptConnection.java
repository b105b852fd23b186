package dev.ratelimit.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.RateLimitBackendException;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Keeps one Lettuce connection for the runner's lifetime, connecting in the background: a
 * request waits for a connection at most the busy timeout, never the connect timeout.
 */
final class KeptConnection {

	private final RedisConnectionFactory connectionFactory;

	private final long wait;

	private volatile @Nullable Commands commands;

	private @Nullable CompletableFuture<Commands> connecting;

	/**
	 * Create a keeper that connects on first use.
	 * @param connectionFactory the application's Lettuce connection factory
	 * @param wait the longest wait for a connection, in nanoseconds
	 */
	KeptConnection(RedisConnectionFactory connectionFactory, long wait) {
		this.connectionFactory = connectionFactory;
		this.wait = wait;
	}

	/**
	 * Return the kept connection, if there is one, without connecting.
	 * @return the connection or {@code null}
	 */
	@Nullable Commands current() {
		return this.commands;
	}

	/**
	 * Return the kept connection, connecting in the background if there is none.
	 * @return the connection
	 * @throws RateLimitBackendException if none is there within the wait
	 */
	Commands get() {
		Commands connected = this.commands;
		if (connected != null) {
			return connected;
		}
		try {
			return connecting().get(this.wait, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw stillConnecting(ex);
		}
		catch (ExecutionException ex) {
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while connecting to Redis", ex);
		}
	}

	/**
	 * Return the kept connection without waiting for it: a stage that completes when it
	 * is there, or fails when it is not within the wait.
	 * @return the connection's stage
	 */
	CompletableFuture<Commands> getAsync() {
		Commands connected = this.commands;
		if (connected != null) {
			return CompletableFuture.completedFuture(connected);
		}
		// a copy, so that the bound fails this caller only, not the shared connecting
		return connecting().copy()
			.orTimeout(this.wait, TimeUnit.NANOSECONDS)
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(notConnected(failure)));
	}

	private synchronized CompletableFuture<Commands> connecting() {
		if (this.commands != null) {
			return CompletableFuture.completedFuture(this.commands);
		}
		if (this.connecting == null || this.connecting.isDone()) {
			this.connecting = CompletableFuture.supplyAsync(this::connect,
					(task) -> DaemonThreads.start("ratelimit-redis-connect", task));
		}
		return this.connecting;
	}

	private RateLimitBackendException notConnected(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return (cause instanceof TimeoutException ex) ? stillConnecting(ex)
				: new RateLimitBackendException("Redis failed: " + cause.getMessage(), cause);
	}

	private RateLimitBackendException stillConnecting(TimeoutException ex) {
		return new RateLimitBackendException(
				"No connection to Redis within " + Duration.ofNanos(this.wait).toMillis() + " ms; still connecting",
				ex);
	}

	private Commands connect() {
		Commands connected = Commands.of(this.connectionFactory.getConnection());
		synchronized (this) {
			this.commands = connected;
		}
		return connected;
	}

	/**
	 * Drop a connection that failed, so that the next call connects anew.
	 * @param failed the connection, or {@code null} if the call got none
	 */
	void drop(@Nullable Commands failed) {
		if (failed != null) {
			synchronized (this) {
				if (this.commands == failed) {
					this.commands = null;
					failed.close();
				}
			}
		}
	}

	/**
	 * The kept connection, its asynchronous scripting commands and, on a cluster, its
	 * stateful connection whose slot table routes each command.
	 */
	record Commands(RedisConnection connection, RedisScriptingAsyncCommands<byte[], byte[]> scripting,
			@Nullable StatefulRedisClusterConnection<byte[], byte[]> cluster) {

		@SuppressWarnings("unchecked")
		static Commands of(RedisConnection connection) {
			Object nativeConnection = connection.getNativeConnection();
			if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
				return new Commands(connection, (RedisScriptingAsyncCommands<byte[], byte[]>) cluster,
						(StatefulRedisClusterConnection<byte[], byte[]>) cluster.getStatefulConnection());
			}
			if (nativeConnection instanceof RedisScriptingAsyncCommands<?, ?> scripting) {
				return new Commands(connection, (RedisScriptingAsyncCommands<byte[], byte[]>) scripting, null);
			}
			connection.close();
			throw new IllegalStateException(
					"A Lettuce connection is required but got " + nativeConnection.getClass().getName());
		}

		/**
		 * Return the cluster's nodes as Lettuce last read them.
		 * @return the nodes, or {@code null} outside a cluster
		 */
		@Nullable Partitions partitions() {
			return (this.cluster != null) ? this.cluster.getPartitions() : null;
		}

		/**
		 * Return the master Lettuce routes a key to, from its per-slot table.
		 * @param key the key
		 * @return the master, or {@code null} outside a cluster
		 */
		@Nullable RedisClusterNode masterOf(byte[] key) {
			Partitions partitions = partitions();
			return (partitions != null) ? partitions.getMasterBySlot(SlotHash.getSlot(key)) : null;
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

package dev.ratelimit.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.RateLimitBackendException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
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
 * Runs scripts on one Lettuce connection kept for the limiter's lifetime, bounding each
 * wait with a {@link ReplyWait}. On Redis Cluster each call is judged by the replies of
 * the master owning its keys' slot (Lettuce's slot table, refreshed with the topology),
 * so a frozen master fails its own calls within the budget while the others keep
 * answering.
 */
final class LettuceScriptRunner implements ScriptExecutor {

	private final RedisConnectionFactory connectionFactory;

	private final ReplyWait wait;

	private final ReplyWait.Node server = new ReplyWait.Node();

	private final Map<String, ReplyWait.Node> masters = new ConcurrentHashMap<>();

	private volatile @Nullable Commands commands;

	private @Nullable CompletableFuture<Commands> connecting;

	LettuceScriptRunner(RedisConnectionFactory connectionFactory, ReplyWait wait) {
		this.connectionFactory = connectionFactory;
		this.wait = wait;
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		Commands connected = null;
		try {
			connected = connected();
			ReplyWait.Node node = node(connected, keys[0]);
			RedisScriptingAsyncCommands<byte[], byte[]> scripting = connected.scripting();
			try {
				long sent = System.nanoTime();
				return await(scripting.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args), sent, node);
			}
			catch (RedisNoScriptException ex) {
				long sent = System.nanoTime();
				return await(scripting.eval(script.source(), ScriptOutputType.MULTI, keys, args), sent, node);
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
	 * Return the id of the cluster master owning the key's slot, as Lettuce's slot table
	 * knows it; empty outside a cluster, or before the first connection.
	 */
	@Override
	public String partition(byte[] key) {
		Commands connected = this.commands;
		RedisClusterNode master = (connected != null) ? connected.masterOf(key) : null;
		return (master != null) ? master.getNodeId() : "";
	}

	private ReplyWait.Node node(Commands connected, byte[] key) {
		RedisClusterNode master = connected.masterOf(key);
		if (master == null) {
			return this.server;
		}
		ReplyWait.Node node = this.masters.get(master.getNodeId());
		if (node == null) {
			node = this.masters.computeIfAbsent(master.getNodeId(), (id) -> new ReplyWait.Node());
			forgetDeparted(connected);
		}
		return node;
	}

	/**
	 * Forget the nodes that have left the topology, so that the map stays as small as the
	 * cluster.
	 */
	private void forgetDeparted(Commands connected) {
		Partitions partitions = connected.partitions();
		if (partitions != null && this.masters.size() > partitions.size()) {
			this.masters.keySet().removeIf((id) -> partitions.getPartitionByNodeId(id) == null);
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
				this.connecting = CompletableFuture.supplyAsync(this::connect,
						(task) -> DaemonThreads.start("ratelimit-redis-connect", task));
			}
			connecting = this.connecting;
		}
		try {
			return connecting.get(this.wait.busyTimeout(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw new RateLimitBackendException("No connection to Redis within "
					+ Duration.ofNanos(this.wait.busyTimeout()).toMillis() + " ms; still connecting", ex);
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

	private <T> T await(RedisFuture<T> future, long sent, ReplyWait.Node node) {
		future.whenComplete((reply, failure) -> {
			if (failure == null || failure instanceof RedisCommandExecutionException) {
				this.wait.replied(node, sent);
			}
		});
		try {
			return this.wait.await(future, sent, node);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				// NOSCRIPT included, which the caller answers with EVAL
				throw failure;
			}
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	/**
	 * The kept connection, its asynchronous scripting commands and, on a cluster, its
	 * stateful connection whose slot table routes each command.
	 */
	private record Commands(RedisConnection connection, RedisScriptingAsyncCommands<byte[], byte[]> scripting,
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

		@Nullable Partitions partitions() {
			return (this.cluster != null) ? this.cluster.getPartitions() : null;
		}

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

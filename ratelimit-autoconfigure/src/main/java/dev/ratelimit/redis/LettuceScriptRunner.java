package dev.ratelimit.redis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.core.Stages;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Runs scripts on the {@link KeptConnection}, bounding each wait with a {@link ReplyWait}
 * judged by the node the call was routed to ({@link ClusterMasters}): on Redis Cluster a
 * frozen master fails its own calls within the budget while the others keep answering.
 */
final class LettuceScriptRunner implements ScriptExecutor {

	private final KeptConnection connection;

	private final ReplyWait wait;

	private final ClusterMasters masters = new ClusterMasters();

	LettuceScriptRunner(RedisConnectionFactory connectionFactory, ReplyWait wait) {
		this.connection = new KeptConnection(connectionFactory, wait.busyTimeout());
		this.wait = wait;
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		KeptConnection.Commands connected = null;
		try {
			connected = this.connection.get();
			ReplyWait.Node node = this.masters.nodeOf(connected, keys[0]);
			try {
				return await(send(connected, node, true, script, keys, args));
			}
			catch (RedisCommandExecutionException ex) {
				if (!NoScript.in(ex)) {
					throw ex;
				}
				return await(send(connected, node, false, script, keys, args));
			}
		}
		catch (RuntimeException ex) {
			throw failed(ex, connected);
		}
	}

	/**
	 * Run a script as {@link #run} does, with no thread waiting: the connection, the
	 * reply and the {@code NOSCRIPT} retry are all awaited by callbacks, and the time
	 * budget is kept by {@link ReplyWait#within}.
	 */
	@Override
	public CompletionStage<List<Object>> runAsync(LuaScript script, byte[][] keys, byte[]... args) {
		return this.connection.getAsync().thenCompose((connected) -> {
			ReplyWait.Node node = this.masters.nodeOf(connected, keys[0]);
			return within(send(connected, node, true, script, keys, args))
				.exceptionallyCompose(
						(failure) -> NoScript.in(failure) ? within(send(connected, node, false, script, keys, args))
								: CompletableFuture.failedFuture(failure))
				.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(failed(connected, failure)));
		});
	}

	@Override
	public boolean supportsAsync() {
		return true;
	}

	/**
	 * Send a script, {@code EVALSHA} if Redis should know it, {@code EVAL} otherwise,
	 * noting the node's reply when it comes.
	 */
	private Sent send(KeptConnection.Commands connected, ReplyWait.Node node, boolean known, LuaScript script,
			byte[][] keys, byte[]... args) {
		RedisScriptingAsyncCommands<byte[], byte[]> scripting = connected.scripting();
		long sent = System.nanoTime();
		RedisFuture<List<Object>> future = known ? scripting.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args)
				: scripting.eval(script.source(), ScriptOutputType.MULTI, keys, args);
		future.whenComplete((reply, failure) -> {
			if (failure == null || failure instanceof RedisCommandExecutionException) {
				this.wait.replied(node, sent);
			}
		});
		return new Sent(future.toCompletableFuture(), sent, node);
	}

	private List<Object> await(Sent call) {
		try {
			return this.wait.await(call.reply(), call.sent(), call.node());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				// a Redis error reply included, NOSCRIPT among them
				throw failure;
			}
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	private CompletableFuture<List<Object>> within(Sent call) {
		return this.wait.within(call.reply(), call.sent(), call.node());
	}

	/**
	 * Translate an asynchronous call's failure as {@link #run} translates a thrown one;
	 * an {@link Error} stays what it is.
	 */
	private Throwable failed(KeptConnection.Commands connected, Throwable failure) {
		Throwable cause = Stages.cause(failure);
		if (cause instanceof RuntimeException ex) {
			return failed(ex, connected);
		}
		return (cause instanceof Error) ? cause
				: new RateLimitBackendException("Redis failed: " + cause.getMessage(), cause);
	}

	/**
	 * Translate a failure into the store's: a connection that failed, rather than Redis
	 * answering with an error, is dropped so that the next call connects anew.
	 */
	private RateLimitBackendException failed(RuntimeException ex, KeptConnection.@Nullable Commands connected) {
		if (ex instanceof RateLimitBackendException backend) {
			return backend;
		}
		if (!(ex instanceof RedisCommandExecutionException)) {
			this.connection.drop(connected);
		}
		return new RateLimitBackendException("Redis failed: " + ex.getMessage(), ex);
	}

	/**
	 * Return the id of the cluster master owning the key's slot, as Lettuce's slot table
	 * knows it; empty outside a cluster, or before the first connection.
	 */
	@Override
	public String partition(byte[] key) {
		KeptConnection.Commands connected = this.connection.current();
		RedisClusterNode master = (connected != null) ? connected.masterOf(key) : null;
		return (master != null) ? master.getNodeId() : "";
	}

	/**
	 * Return the ids of the cluster masters serving slots in Lettuce's view of the
	 * topology; the one partition {@code ""} outside a cluster, none before the first
	 * connection.
	 */
	@Override
	public Set<String> partitions() {
		KeptConnection.Commands connected = this.connection.current();
		if (connected == null) {
			return Set.of();
		}
		Partitions partitions = connected.partitions();
		if (partitions == null) {
			return Set.of("");
		}
		Set<String> masters = new HashSet<>();
		for (RedisClusterNode node : partitions) {
			if (!node.hasNoSlots()) {
				masters.add(node.getNodeId());
			}
		}
		return masters;
	}

	/**
	 * A script call on its way: its reply, when it was sent and to which node.
	 */
	private record Sent(CompletableFuture<List<Object>> reply, long sent, ReplyWait.Node node) {

	}

}

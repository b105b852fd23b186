package dev.ratelimit.redis;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.ratelimit.core.RateLimitBackendException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

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
			RedisScriptingAsyncCommands<byte[], byte[]> scripting = connected.scripting();
			try {
				long sent = System.nanoTime();
				return await(scripting.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args), sent, node);
			}
			catch (RedisCommandExecutionException ex) {
				if (!NoScript.in(ex)) {
					throw ex;
				}
				long sent = System.nanoTime();
				return await(scripting.eval(script.source(), ScriptOutputType.MULTI, keys, args), sent, node);
			}
		}
		catch (RateLimitBackendException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof RedisCommandExecutionException)) {
				this.connection.drop(connected);
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
				// a Redis error reply included, NOSCRIPT among them
				throw failure;
			}
			throw new RateLimitBackendException("Redis failed: " + ex.getCause().getMessage(), ex.getCause());
		}
	}

}

package dev.ratelimit.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * Tells which node a call is judged by: on a cluster the master owning its key's slot,
 * each with its own replies, so that a frozen master's silence is judged apart from the
 * others' replies; otherwise the one server.
 */
final class ClusterMasters {

	private final ReplyWait.Node server = new ReplyWait.Node();

	private final Map<String, ReplyWait.Node> masters = new ConcurrentHashMap<>();

	/**
	 * Return the node a call on a key goes to.
	 * @param connected the kept connection
	 * @param key the call's first key
	 * @return the node
	 */
	ReplyWait.Node nodeOf(KeptConnection.Commands connected, byte[] key) {
		RedisClusterNode master = connected.masterOf(key);
		if (master == null) {
			return this.server;
		}
		ReplyWait.Node node = this.masters.get(master.getNodeId());
		if (node == null) {
			node = this.masters.computeIfAbsent(master.getNodeId(), (id) -> new ReplyWait.Node());
			forgetDeparted(connected.partitions());
		}
		return node;
	}

	/**
	 * Forget the nodes that have left the topology, so that the map stays as small as the
	 * cluster.
	 */
	private void forgetDeparted(Partitions partitions) {
		if (this.masters.size() > partitions.size()) {
			this.masters.keySet().removeIf((id) -> partitions.getPartitionByNodeId(id) == null);
		}
	}

}

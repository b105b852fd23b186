package dev.ratelimit.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster on loopback ports, started and stopped by a test: {@code N}
 * masters sharing the 16384 slots evenly, each optionally followed by replicas. The
 * servers are {@code redis-server} processes (see {@link RedisBinary}) with
 * {@code cluster-enabled yes}.
 *
 * <pre class="code">
 * static RedisCluster cluster = RedisCluster.start(3);
 * new RedisClusterConfiguration(cluster.seedNodes());
 * </pre>
 */
public final class RedisCluster implements AutoCloseable {

	private final List<RedisProcess> processes;

	private final List<RedisEndpoint> masters;

	private final List<RedisEndpoint> replicas;

	private RedisCluster(List<RedisProcess> processes, int masterCount) {
		this.processes = processes;
		List<RedisEndpoint> endpoints = processes.stream().map(RedisProcess::endpoint).toList();
		this.masters = endpoints.subList(0, masterCount);
		this.replicas = endpoints.subList(masterCount, endpoints.size());
	}

	/**
	 * Start a cluster of masters only.
	 * @param masters the number of masters, at least 1
	 * @return the healthy cluster
	 */
	public static RedisCluster start(int masters) {
		return start(masters, 0);
	}

	/**
	 * Start a cluster and return once every node reports {@code cluster_state:ok} and all
	 * nodes agree on the topology. With replicas it also waits until each has
	 * synchronised and its replication offset has left 0 (masters ping their replicas
	 * every second here), since Lettuce reads from no replica whose offset is 0.
	 * @param masters the number of masters, at least 1
	 * @param replicasPerMaster the replicas following each master
	 * @return the healthy cluster
	 */
	public static RedisCluster start(int masters, int replicasPerMaster) {
		if (masters < 1 || replicasPerMaster < 0) {
			throw new IllegalArgumentException("Need at least one master and no negative replica count");
		}
		List<RedisProcess> processes = new ArrayList<>();
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				processes.add(startNode());
			}
			RedisCluster cluster = new RedisCluster(List.copyOf(processes), masters);
			new ClusterFormation(cluster.masters, cluster.replicas).form();
			return cluster;
		}
		catch (RuntimeException ex) {
			processes.forEach(RedisProcess::close);
			throw ex;
		}
	}

	private static RedisProcess startNode() {
		RuntimeException failure = null;
		// a port found free can be taken by someone else before redis-server binds it
		for (int attempt = 0; attempt < 3; attempt++) {
			int port = FreePorts.forClusterNode();
			try {
				// masters ping replicas every second, moving replication offsets past 0
				// soon
				return RedisProcess.start(port, "--cluster-enabled", "yes", "--cluster-config-file",
						"nodes-" + port + ".conf", "--cluster-node-timeout", "2000", "--repl-ping-replica-period", "1");
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	/**
	 * Return the masters in the order of the slots they were given: master {@code i}
	 * serves the {@code i}-th equal share.
	 * @return the masters
	 */
	public List<RedisEndpoint> masters() {
		return this.masters;
	}

	/**
	 * Return the replicas; replica {@code j} follows master {@code j % masters}.
	 * @return the replicas
	 */
	public List<RedisEndpoint> replicas() {
		return this.replicas;
	}

	/**
	 * Return the masters as {@code host:port}, for {@code RedisClusterConfiguration} or
	 * {@code spring.data.redis.cluster.nodes}.
	 * @return the seed nodes
	 */
	public List<String> seedNodes() {
		return this.masters.stream().map((node) -> node.host() + ":" + node.port()).toList();
	}

	/**
	 * Return the hash slot of a key, as the cluster computes it
	 * ({@code CLUSTER KEYSLOT}).
	 * @param key the key
	 * @return the slot, 0 to 16383
	 */
	public int slotOf(String key) {
		return ((Long) RedisCommands.call(this.masters.get(0), "CLUSTER", "KEYSLOT", key)).intValue();
	}

	/**
	 * Return the master currently serving a key's slot.
	 * @param key the key
	 * @return the master
	 */
	public RedisEndpoint masterOf(String key) {
		return masterOfSlot(slotOf(key));
	}

	/**
	 * Return the master currently serving a slot, as the first master sees it.
	 * @param slot the slot
	 * @return the master
	 */
	public RedisEndpoint masterOfSlot(int slot) {
		return topology().stream()
			.filter((node) -> node.isMaster() && node.serves(slot))
			.map(ClusterNode::endpoint)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No master serves slot " + slot));
	}

	/**
	 * Return every node as the first master sees it ({@code CLUSTER NODES}).
	 * @return the nodes
	 */
	public List<ClusterNode> topology() {
		return ClusterNode.parseAll((String) RedisCommands.call(this.masters.get(0), "CLUSTER", "NODES"));
	}

	/**
	 * Freeze a node with {@code SIGSTOP}: its connections stay open and it answers
	 * nothing, as a hung host or a long stall looks to clients. With the default
	 * {@code cluster-require-full-coverage}, the other masters refuse every key once they
	 * mark it failed (after the node timeout, 2 s here); see
	 * {@link #serveWithoutFullCoverage()}.
	 * @param node the node
	 */
	public void pause(RedisEndpoint node) {
		process(node).pause();
	}

	/**
	 * Resume a node frozen by {@link #pause(RedisEndpoint)} with {@code SIGCONT}.
	 * @param node the node
	 */
	public void resume(RedisEndpoint node) {
		process(node).resume();
	}

	/**
	 * Let every master serve its own slots while another master is failed
	 * ({@code cluster-require-full-coverage no}), as a deployment does that prefers the
	 * rest of its keys to a consistent refusal.
	 */
	public void serveWithoutFullCoverage() {
		this.masters
			.forEach((master) -> RedisCommands.call(master, "CONFIG", "SET", "cluster-require-full-coverage", "no"));
	}

	private RedisProcess process(RedisEndpoint node) {
		return this.processes.stream()
			.filter((process) -> process.endpoint().equals(node))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node of this cluster at " + node));
	}

	/**
	 * Return a one-line description for test reports.
	 * @return the description
	 */
	public String describe() {
		return this.masters.size() + " masters " + this.masters + ", " + this.replicas.size() + " replicas "
				+ this.replicas + " (" + RedisBinary.describe() + ")";
	}

	/**
	 * Stop every node.
	 */
	@Override
	public void close() {
		this.processes.forEach(RedisProcess::close);
	}

}

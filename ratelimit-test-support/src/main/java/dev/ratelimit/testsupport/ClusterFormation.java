package dev.ratelimit.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Turns freshly started {@code cluster-enabled} servers into one Redis Cluster the way
 * {@code redis-cli --cluster create} does, with commands Redis 6.2 already has: slots
 * split evenly over the masters with {@code CLUSTER ADDSLOTS}, nodes introduced with
 * {@code CLUSTER MEET}, replicas attached with {@code CLUSTER REPLICATE}, then a wait
 * until every node reports the same healthy cluster.
 */
final class ClusterFormation {

	static final int SLOTS = 16384;

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<RedisEndpoint> masters;

	private final List<RedisEndpoint> replicas;

	private final List<RedisEndpoint> nodes = new ArrayList<>();

	ClusterFormation(List<RedisEndpoint> masters, List<RedisEndpoint> replicas) {
		this.masters = masters;
		this.replicas = replicas;
		this.nodes.addAll(masters);
		this.nodes.addAll(replicas);
	}

	/**
	 * Form the cluster and return once every node agrees it is healthy.
	 */
	void form() {
		for (int i = 0; i < this.nodes.size(); i++) {
			// distinct epochs up front spare the nodes resolving collisions after MEET
			RedisCommands.call(this.nodes.get(i), "CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
		}
		for (int i = 0; i < this.masters.size(); i++) {
			RedisCommands.call(this.masters.get(i), addSlots(i));
		}
		RedisEndpoint first = this.nodes.get(0);
		for (RedisEndpoint node : this.nodes.subList(1, this.nodes.size())) {
			RedisCommands.call(first, "CLUSTER", "MEET", node.host(), String.valueOf(node.port()));
		}
		await("every node to know all " + this.nodes.size() + " nodes", this::unknownNodes);
		for (int i = 0; i < this.replicas.size(); i++) {
			RedisCommands.call(this.replicas.get(i), "CLUSTER", "REPLICATE", expectedMasterId(i));
		}
		await("every node to agree on a healthy cluster", this::disagreement);
	}

	private String[] addSlots(int master) {
		int from = master * SLOTS / this.masters.size();
		int to = (master + 1) * SLOTS / this.masters.size();
		List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
		for (int slot = from; slot < to; slot++) {
			command.add(String.valueOf(slot));
		}
		return command.toArray(String[]::new);
	}

	private String expectedMasterId(int replica) {
		return (String) RedisCommands.call(this.masters.get(replica % this.masters.size()), "CLUSTER", "MYID");
	}

	private @Nullable String unknownNodes() {
		for (RedisEndpoint node : this.nodes) {
			String known = info(node).get("cluster_known_nodes");
			if (!String.valueOf(this.nodes.size()).equals(known)) {
				return node + " knows " + known + " nodes";
			}
		}
		return null;
	}

	private @Nullable String disagreement() {
		for (RedisEndpoint node : this.nodes) {
			Map<String, String> info = info(node);
			if (!"ok".equals(info.get("cluster_state"))
					|| !String.valueOf(SLOTS).equals(info.get("cluster_slots_ok"))) {
				return node + " reports " + info;
			}
			List<ClusterNode> view = ClusterNode.parseAll((String) RedisCommands.call(node, "CLUSTER", "NODES"));
			long servingMasters = view.stream().filter((seen) -> seen.isMaster() && seen.slotCount() > 0).count();
			long replicasSeen = view.stream().filter(ClusterNode::isReplica).count();
			if (view.size() != this.nodes.size() || servingMasters != this.masters.size()
					|| replicasSeen != this.replicas.size() || !view.stream().allMatch(ClusterNode::isHealthy)) {
				return node + " sees " + view;
			}
		}
		for (RedisEndpoint replica : this.replicas) {
			String info = (String) RedisCommands.call(replica, "INFO", "replication");
			// Lettuce reads from no replica whose offset is still 0, taking it for
			// unsynchronised
			if (!info.contains("master_link_status:up") || info.contains("master_repl_offset:0\r")) {
				return replica + " has not synchronised with its master: " + info;
			}
		}
		return null;
	}

	private static Map<String, String> info(RedisEndpoint node) {
		String reply = (String) RedisCommands.call(node, "CLUSTER", "INFO");
		return reply.lines()
			.filter((line) -> line.contains(":"))
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf(':')),
					(line) -> line.substring(line.indexOf(':') + 1).trim()));
	}

	/**
	 * Poll until a check finds nothing wrong.
	 * @param what what is awaited, for the failure message
	 * @param problem returns what is still wrong, or {@code null} once all is well
	 */
	static void await(String what, Supplier<@Nullable String> problem) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		String last = problem.get();
		while (last != null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + TIMEOUT + " waiting for " + what + ": " + last);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			last = problem.get();
		}
	}

}

package dev.ratelimit.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One node of a Redis Cluster as a {@code CLUSTER NODES} line describes it.
 *
 * @param id the node id
 * @param endpoint where the node listens
 * @param flags the flags, such as {@code myself}, {@code master}, {@code slave} or
 * {@code fail?}
 * @param masterId the id of the master a replica follows, {@code null} for a master
 * @param slots the slot ranges a master serves
 */
public record ClusterNode(String id, RedisEndpoint endpoint, List<String> flags, @Nullable String masterId,
		List<SlotRange> slots) {

	/**
	 * Parse the reply of {@code CLUSTER NODES}.
	 * @param reply the reply, one node per line
	 * @return the nodes
	 */
	public static List<ClusterNode> parseAll(String reply) {
		List<ClusterNode> nodes = new ArrayList<>();
		for (String line : reply.split("\n")) {
			if (!line.isBlank()) {
				nodes.add(parse(line.trim()));
			}
		}
		return nodes;
	}

	/**
	 * Parse one line of {@code CLUSTER NODES}:
	 * {@code <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>...}.
	 * @param line the line
	 * @return the node
	 */
	static ClusterNode parse(String line) {
		String[] fields = line.split(" ");
		String address = fields[1].split("[@,]")[0];
		int colon = address.lastIndexOf(':');
		RedisEndpoint endpoint = new RedisEndpoint(address.substring(0, colon),
				Integer.parseInt(address.substring(colon + 1)));
		List<SlotRange> slots = new ArrayList<>();
		// slots in migration are shown as [slot->-id] and [slot-<-id]: not served yet
		Arrays.stream(fields).skip(8).filter((slot) -> !slot.startsWith("[")).forEach((slot) -> {
			String[] bounds = slot.split("-");
			int first = Integer.parseInt(bounds[0]);
			slots.add(new SlotRange(first, (bounds.length > 1) ? Integer.parseInt(bounds[1]) : first));
		});
		String masterId = "-".equals(fields[3]) ? null : fields[3];
		return new ClusterNode(fields[0], endpoint, List.of(fields[2].split(",")), masterId, List.copyOf(slots));
	}

	/**
	 * Return whether the node is a master.
	 * @return whether it is a master
	 */
	public boolean isMaster() {
		return this.flags.contains("master");
	}

	/**
	 * Return whether the node is a replica.
	 * @return whether it is a replica
	 */
	public boolean isReplica() {
		return this.flags.contains("slave");
	}

	/**
	 * Return whether the node is connected and trusted: not failing, not in handshake.
	 * @return whether it is healthy
	 */
	public boolean isHealthy() {
		return this.flags.stream()
			.noneMatch((flag) -> flag.startsWith("fail") || flag.equals("handshake") || flag.equals("noaddr"));
	}

	/**
	 * Return whether the node serves a slot.
	 * @param slot the slot, 0 to 16383
	 * @return whether one of its ranges holds the slot
	 */
	public boolean serves(int slot) {
		return this.slots.stream().anyMatch((range) -> range.first() <= slot && slot <= range.last());
	}

	/**
	 * Return how many slots the node serves.
	 * @return the slot count
	 */
	public int slotCount() {
		return this.slots.stream().mapToInt((range) -> range.last() - range.first() + 1).sum();
	}

	/**
	 * A contiguous range of hash slots.
	 *
	 * @param first the first slot
	 * @param last the last slot, inclusive
	 */
	public record SlotRange(int first, int last) {

	}

}

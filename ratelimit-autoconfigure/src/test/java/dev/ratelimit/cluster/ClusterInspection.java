package dev.ratelimit.cluster;

import java.util.List;

import dev.ratelimit.testsupport.ClusterNode;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Looks inside the nodes of a test cluster, bypassing the client under test: where a
 * client's keys live, which commands a node ran and how long they took.
 */
final class ClusterInspection {

	private ClusterInspection() {
	}

	/**
	 * Return a client key whose state keys all live on the given master.
	 * @param cluster the cluster
	 * @param master the master
	 * @param label starts the key, to keep tests apart
	 * @return the client key
	 */
	static String clientOn(RedisCluster cluster, RedisEndpoint master, String label) {
		ClusterNode node = cluster.topology()
			.stream()
			.filter((candidate) -> candidate.endpoint().equals(master))
			.findFirst()
			.orElseThrow();
		for (int i = 0;; i++) {
			String client = label + "-" + i;
			// a state key's slot is that of its hash tag, the client key in braces
			if (node.serves(cluster.slotOf("{" + client + "}"))) {
				return client;
			}
		}
	}

	/**
	 * Return the keys of a node matching a pattern.
	 * @param node the node
	 * @param pattern the {@code KEYS} pattern
	 * @return the keys
	 */
	static List<Object> keys(RedisEndpoint node, String pattern) {
		return (List<Object>) RedisCommands.call(node, "KEYS", pattern);
	}

	/**
	 * Return how often a node ran a command since its statistics were last reset.
	 * @param node the node
	 * @param command the command in lower case, such as {@code evalsha}
	 * @return the number of calls
	 */
	static long calls(RedisEndpoint node, String command) {
		String stat = commandStat(node, command);
		return (stat != null) ? Long.parseLong(field(stat, "calls")) : 0;
	}

	/**
	 * Return the mean time a node spent in a command since its statistics were last
	 * reset.
	 * @param node the node
	 * @param command the command in lower case
	 * @return the microseconds per call, 0 if never called
	 */
	static double microsPerCall(RedisEndpoint node, String command) {
		String stat = commandStat(node, command);
		return (stat != null) ? Double.parseDouble(field(stat, "usec_per_call")) : 0;
	}

	/**
	 * Reset the command statistics of every node.
	 * @param nodes the nodes
	 */
	static void resetStats(List<RedisEndpoint> nodes) {
		nodes.forEach((node) -> RedisCommands.call(node, "CONFIG", "RESETSTAT"));
	}

	/**
	 * Return a numeric field of {@code INFO}, such as {@code used_memory} or
	 * {@code used_cpu_sys}.
	 * @param node the node
	 * @param section the section, such as {@code memory}
	 * @param field the field
	 * @return the value
	 */
	static double info(RedisEndpoint node, String section, String field) {
		String info = (String) RedisCommands.call(node, "INFO", section);
		return info.lines()
			.filter((line) -> line.startsWith(field + ":"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(field.length() + 1).trim()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No " + field + " in INFO " + section));
	}

	private static @Nullable String commandStat(RedisEndpoint node, String command) {
		String info = (String) RedisCommands.call(node, "INFO", "commandstats");
		return info.lines().filter((line) -> line.startsWith("cmdstat_" + command + ":")).findFirst().orElse(null);
	}

	private static String field(String stat, String name) {
		for (String pair : stat.substring(stat.indexOf(':') + 1).split(",")) {
			if (pair.startsWith(name + "=")) {
				return pair.substring(name.length() + 1);
			}
		}
		throw new IllegalStateException("No " + name + " in " + stat);
	}

}

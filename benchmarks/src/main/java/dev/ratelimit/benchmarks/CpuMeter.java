package dev.ratelimit.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.OperatingSystemMXBean;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;

/**
 * Reads CPU time consumed so far by this JVM, by the Redis server ({@code INFO cpu}) and
 * by the whole machine ({@code /proc/stat}), so that a window can be charged per decision
 * and disturbed windows recognised.
 */
final class CpuMeter {

	private static final long NANOS_PER_TICK = 10_000_000L;

	private final RedisEndpoint redis;

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	CpuMeter(RedisEndpoint redis) {
		this.redis = redis;
	}

	/**
	 * Read the counters now.
	 * @return the sample
	 */
	Sample sample() {
		return new Sample(this.os.getProcessCpuTime(), redisNanos(), machineBusyNanos());
	}

	private long redisNanos() {
		String info = (String) RedisCommands.call(this.redis, "INFO", "cpu");
		double seconds = 0;
		for (String line : info.split("\r\n")) {
			if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
				seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
			}
		}
		return Math.round(seconds * 1e9);
	}

	private static long machineBusyNanos() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i = 1; i < Math.min(fields.length, 9); i++) {
				// idle (4) and iowait (5) are not work
				if (i != 4 && i != 5) {
					busy += Long.parseLong(fields[i]);
				}
			}
			return busy * NANOS_PER_TICK;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Cumulative CPU times at one instant, in nanoseconds; machine time is -1 where
	 * {@code /proc/stat} is unavailable.
	 *
	 * @param jvm this JVM's CPU time
	 * @param redis the Redis server's CPU time
	 * @param machine the busy time of all cores together
	 */
	record Sample(long jvm, long redis, long machine) {

		/**
		 * Return the CPU spent between an earlier sample and this one.
		 * @param earlier the earlier sample
		 * @return the usage
		 */
		Usage since(Sample earlier) {
			long other = (this.machine < 0 || earlier.machine < 0) ? -1 : Math.max(0,
					(this.machine - earlier.machine) - (this.jvm - earlier.jvm) - (this.redis - earlier.redis));
			return new Usage(this.jvm - earlier.jvm, this.redis - earlier.redis, other);
		}

	}

	/**
	 * CPU spent during a window, in nanoseconds.
	 *
	 * @param jvm by this JVM: callers and client libraries
	 * @param redis by the Redis server
	 * @param other by everything else on the machine, or -1 if unknown
	 */
	record Usage(long jvm, long redis, long other) {

		static final Usage NONE = new Usage(0, 0, 0);

		Usage plus(Usage more) {
			long sum = (this.other < 0 || more.other < 0) ? -1 : this.other + more.other;
			return new Usage(this.jvm + more.jvm, this.redis + more.redis, sum);
		}

	}

}

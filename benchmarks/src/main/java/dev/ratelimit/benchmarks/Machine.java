package dev.ratelimit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Describes the machine a run measures: CPU, cores, JVM and operating system.
 */
final class Machine {

	private Machine() {
	}

	/**
	 * Describe the machine in one line.
	 * @return the description
	 */
	static String describe() {
		return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM; "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "; "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown CPU";
		}
	}

}

package dev.ratelimit.benchmarks;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one measured window of one contender produced.
 *
 * @param decisions the decisions completed in the window
 * @param admitted how many of them admitted the request
 * @param errors the calls that threw
 * @param seconds the window's length
 * @param latencyNanos the latency of every decision, in nanoseconds
 * @param cpu the CPU spent during the window
 * @param firstError the first failure's message, if any
 */
record Measurement(long decisions, long admitted, long errors, double seconds, Histogram latencyNanos,
		CpuMeter.Usage cpu, @Nullable String firstError) {

	/**
	 * Return the decisions per second.
	 * @return the throughput
	 */
	double throughput() {
		return this.decisions / this.seconds;
	}

	/**
	 * Return how many cores other processes kept busy during the window.
	 * @return the cores, or 0 if unknown
	 */
	double otherCores() {
		return Math.max(0, this.cpu.other()) / 1e9 / this.seconds;
	}

}

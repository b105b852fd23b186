package dev.ratelimit.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * The measured passes of one contender in one scenario and thread count. Figures are
 * medians over passes, and comparisons pair passes of the same round, so that a pass
 * disturbed by other work on the machine moves them little.
 */
final class CellResult {

	private final List<Measurement> passes = new ArrayList<>();

	void add(Measurement pass) {
		this.passes.add(pass);
	}

	/**
	 * Return the median over passes of the decisions per second.
	 * @return the throughput
	 */
	double throughput() {
		return median(Measurement::throughput);
	}

	/**
	 * Return the median over passes of a latency percentile.
	 * @param percentile the percentile, such as 99
	 * @return the latency in microseconds
	 */
	double latencyMicros(double percentile) {
		return median((pass) -> pass.latencyNanos().getValueAtPercentile(percentile) / 1000.0);
	}

	/**
	 * Return the median, over the rounds both were measured in, of this cell's throughput
	 * divided by another's: passes of one round ran seconds apart, so a slow drift of the
	 * machine cancels out.
	 * @param reference the cell to compare with
	 * @return the ratio, or NaN if there is no common round
	 */
	double throughputRatio(CellResult reference) {
		return pairedRatio(reference, Measurement::throughput);
	}

	/**
	 * Return the median, over common rounds, of this cell's latency percentile divided by
	 * another's.
	 * @param reference the cell to compare with
	 * @param percentile the percentile, such as 99
	 * @return the ratio, or NaN if there is no common round
	 */
	double latencyRatio(CellResult reference, double percentile) {
		return pairedRatio(reference, (pass) -> pass.latencyNanos().getValueAtPercentile(percentile));
	}

	private double pairedRatio(CellResult reference, ToDoubleFunction<Measurement> figure) {
		int rounds = Math.min(this.passes.size(), reference.passes.size());
		return median(IntStream.range(0, rounds)
			.mapToDouble(
					(i) -> figure.applyAsDouble(this.passes.get(i)) / figure.applyAsDouble(reference.passes.get(i)))
			.toArray());
	}

	/**
	 * Return how far apart the passes were: (max - min) / mean.
	 * @return the relative spread
	 */
	double spread() {
		double max = this.passes.stream().mapToDouble(Measurement::throughput).max().orElse(0);
		double min = this.passes.stream().mapToDouble(Measurement::throughput).min().orElse(0);
		double mean = this.passes.stream().mapToDouble(Measurement::throughput).average().orElse(0);
		return (mean > 0) ? (max - min) / mean : 0;
	}

	/**
	 * Return the CPU this JVM spent per decision: caller threads plus client library.
	 * @return microseconds per decision
	 */
	double clientCpuMicros() {
		return median((pass) -> pass.cpu().jvm() / 1000.0 / Math.max(1, pass.decisions()));
	}

	/**
	 * Return the CPU the Redis server spent per decision.
	 * @return microseconds per decision
	 */
	double redisCpuMicros() {
		return median((pass) -> pass.cpu().redis() / 1000.0 / Math.max(1, pass.decisions()));
	}

	/**
	 * Return how many cores other processes kept busy, on average over the passes.
	 * @return the cores
	 */
	double otherCores() {
		return this.passes.stream().mapToDouble(Measurement::otherCores).average().orElse(0);
	}

	long decisions() {
		return this.passes.stream().mapToLong(Measurement::decisions).sum();
	}

	long admitted() {
		return this.passes.stream().mapToLong(Measurement::admitted).sum();
	}

	long errors() {
		return this.passes.stream().mapToLong(Measurement::errors).sum();
	}

	@Nullable String firstError() {
		return this.passes.stream().map(Measurement::firstError).filter((e) -> e != null).findFirst().orElse(null);
	}

	private double median(ToDoubleFunction<Measurement> figure) {
		return median(this.passes.stream().mapToDouble(figure).toArray());
	}

	private static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}

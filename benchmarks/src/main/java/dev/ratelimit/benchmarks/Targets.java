package dev.ratelimit.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The performance targets of the issue, checked against a run's results.
 */
final class Targets {

	private static final List<Scenario> TARGETED = List.of(Scenario.HOT_KEY, Scenario.MANY_KEYS);

	private final PrintStream out;

	private final Results results;

	private final KeySpace keys;

	Targets(PrintStream out, Results results, KeySpace keys) {
		this.out = out;
		this.results = results;
		this.keys = keys;
	}

	/**
	 * Print every target with the measured value and whether it is met.
	 */
	void print() {
		this.out.printf("%n### Targets%n%n");
		this.out.println("| target | measured | met |");
		this.out.println("|---|---:|---|");
		for (Scenario scenario : TARGETED) {
			double overBucket4j = (scenario == Scenario.HOT_KEY) ? 20 : 1.5;
			atLeast(scenario.label(this.keys) + ", 64 threads: ours ≥ " + overBucket4j + "× bucket4j-lettuce",
					ratio(scenario, 64, ContenderKind.BUCKET4J), overBucket4j, "%.2f×");
			atLeast(scenario.label(this.keys) + ", 64 threads: ours ≥ 2.5× redisson",
					ratio(scenario, 64, ContenderKind.REDISSON), 2.5, "%.2f×");
		}
		double contended = ratio(Scenario.HOT_KEY_ADMITTED, 64, ContenderKind.BUCKET4J);
		if (!Double.isNaN(contended)) {
			atLeast(Scenario.HOT_KEY_ADMITTED.label(this.keys)
					+ ", 64 threads: ours ≥ 20× bucket4j-lettuce (the 20× target read for writes)", contended, 20,
					"%.1f×");
		}
		for (Scenario scenario : TARGETED) {
			atLeast(scenario.label(this.keys) + ", 64 threads: ours ≥ 90% of the raw script",
					ratio(scenario, 64, ContenderKind.RAW_SCRIPT), 0.9, "%.2f");
		}
		for (Scenario scenario : TARGETED) {
			CellResult ours = this.results.get(scenario, 8, ContenderKind.OURS);
			CellResult raw = this.results.get(scenario, 8, ContenderKind.RAW_SCRIPT);
			atMost(scenario.label(this.keys) + ", 8 threads: ours p99 ≤ 1.3× the raw script's p99",
					ours.latencyRatio(raw, 99), 1.3, "%.2f× (medians " + Math.round(ours.latencyMicros(99)) + " vs "
							+ Math.round(raw.latencyMicros(99)) + " µs)");
		}
	}

	private double ratio(Scenario scenario, int threads, ContenderKind other) {
		CellResult ours = this.results.get(scenario, threads, ContenderKind.OURS);
		return ours.throughputRatio(this.results.get(scenario, threads, other));
	}

	private void atLeast(String target, double measured, double bound, String format) {
		row(target, measured, format, measured >= bound);
	}

	private void atMost(String target, double measured, double bound, String format) {
		row(target, measured, format, measured <= bound);
	}

	private void row(String target, double measured, String format, boolean met) {
		if (Double.isNaN(measured) || Double.isInfinite(measured)) {
			this.out.printf("| %s | not measured | – |%n", target);
			return;
		}
		this.out.printf(Locale.ROOT, "| %s | " + format + " | %s |%n", target, measured, met ? "yes" : "**no**");
	}

}

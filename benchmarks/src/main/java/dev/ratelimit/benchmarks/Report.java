package dev.ratelimit.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints the results as Markdown tables, ready to paste into {@code docs/benchmarks.md}.
 */
final class Report {

	private final PrintStream out;

	private final BenchmarkOptions options;

	private final KeySpace keys;

	Report(PrintStream out, BenchmarkOptions options, KeySpace keys) {
		this.out = out;
		this.options = options;
		this.keys = keys;
	}

	/**
	 * Print one table per scenario: every contender at every thread count.
	 * @param results the results
	 */
	void printTables(Results results) {
		this.out.printf("%nFigures are medians over the passes; \"vs ours\" is the median of per-round ratios; "
				+ "admitted and decisions are totals over the passes; \"other load\" is CPU that neither this JVM "
				+ "nor Redis used.%n");
		for (Scenario scenario : this.options.scenarios()) {
			this.out.printf("%n### %s (%s)%n%n", scenario.label(this.keys), scenario.limit());
			this.out.println("| threads | contender | decisions/s | pass spread | admitted / decisions "
					+ "| p50 µs | p99 µs | client CPU µs/dec | Redis CPU µs/dec | other load | errors "
					+ "| throughput vs ours |");
			this.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
			for (int threads : this.options.threads()) {
				CellResult ours = results.get(scenario, threads, ContenderKind.OURS);
				for (ContenderKind kind : this.options.contenders()) {
					printRow(threads, kind, results.get(scenario, threads, kind), ours);
				}
			}
			printErrors(results, scenario);
		}
	}

	private void printRow(int threads, ContenderKind kind, CellResult cell, CellResult ours) {
		this.out.printf(Locale.ROOT,
				"| %d | %s | %,.0f | %.0f%% | %,d / %,d (%.1f%%) | %.0f | %.0f | %.1f | %.1f | %s | %,d | %s |%n",
				threads, kind.label(), cell.throughput(), cell.spread() * 100, cell.admitted(), cell.decisions(),
				percent(cell.admitted(), cell.decisions()), cell.latencyMicros(50), cell.latencyMicros(99),
				cell.clientCpuMicros(), cell.redisCpuMicros(), cores(cell.otherCores()), cell.errors(),
				times(cell.throughputRatio(ours)));
	}

	private void printErrors(Results results, Scenario scenario) {
		for (int threads : this.options.threads()) {
			for (ContenderKind kind : this.options.contenders()) {
				String error = results.get(scenario, threads, kind).firstError();
				if (error != null) {
					this.out.printf("%nFirst error of %s at %d threads: %s%n", kind.label(), threads, error);
				}
			}
		}
	}

	/**
	 * Print our throughput and p99 against the raw script's, cell by cell.
	 * @param results the results
	 */
	void printCeiling(Results results) {
		this.out.printf("%n### Ours against the raw script (ceiling)%n%n");
		this.out.printf("Medians over rounds of the per-round ratio.%n%n");
		this.out.println("| keys | threads | ours / raw decisions/s | ours / raw p50 | ours / raw p99 |");
		this.out.println("|---|---:|---:|---:|---:|");
		for (Scenario scenario : this.options.scenarios()) {
			for (int threads : this.options.threads()) {
				CellResult ours = results.get(scenario, threads, ContenderKind.OURS);
				CellResult raw = results.get(scenario, threads, ContenderKind.RAW_SCRIPT);
				this.out.printf(Locale.ROOT, "| %s | %d | %.1f%% | %.2f× | %.2f× |%n", scenario.label(this.keys),
						threads, 100 * ours.throughputRatio(raw), ours.latencyRatio(raw, 50),
						ours.latencyRatio(raw, 99));
			}
		}
	}

	/**
	 * Print the over-admission trials.
	 * @param kind the contender
	 * @param admitted the admitted count of every trial
	 */
	void printOverAdmission(ContenderKind kind, List<Integer> admitted) {
		int capacity = (int) BenchLimit.BURST_ONLY.burst();
		int worst = admitted.stream().mapToInt(Integer::intValue).max().orElse(0);
		this.out.printf("| %s | %s | %d | %s |%n", kind.label(), admitted, Math.max(0, worst - capacity),
				admitted.stream().allMatch((n) -> n == capacity) ? "exactly " + capacity : "WRONG");
	}

	/**
	 * Print the heading of the over-admission table.
	 */
	void printOverAdmissionHeader() {
		this.out.printf("%n### Over-admission: %d threads × %d attempts at once on one fresh key, %s%n%n",
				OverAdmissionCheck.THREADS, OverAdmissionCheck.ATTEMPTS, BenchLimit.BURST_ONLY);
		this.out.println("| contender | admitted per trial | most over-admitted | verdict |");
		this.out.println("|---|---|---:|---|");
	}

	private static String cores(double cores) {
		return String.format(Locale.ROOT, "%.2f cores", cores);
	}

	private static String times(double ratio) {
		return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
	}

	private static double percent(long part, long whole) {
		return (whole > 0) ? 100.0 * part / whole : 0;
	}

}

package dev.ratelimit.benchmarks;

import java.io.PrintStream;

/**
 * Runs the comparison: over-admission trials, then every contender at every thread count
 * on one hot key and on many keys, against one Redis. Results go to standard output as
 * Markdown; progress goes to standard error.
 */
public final class LimiterBenchmark {

	private LimiterBenchmark() {
	}

	/**
	 * Run the benchmark.
	 * @param args options, see {@link BenchmarkOptions}
	 */
	public static void main(String[] args) {
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		BenchmarkOptions options = BenchmarkOptions.parse(args);
		KeySpace keys = KeySpace.of(options.keys());
		PrintStream out = System.out;
		try (RedisServer redis = RedisServer.startOrConnect()) {
			out.println("## Run");
			out.println();
			out.println("- Machine: " + Machine.describe());
			out.println("- Server: " + redis.describe() + ", on the same machine as the callers");
			out.println(
					"- Decisions: cost 1 each against one limit; " + options.keys() + " keys in the spread scenario");
			out.println("- Passes: " + options);
			Report report = new Report(out, options, keys);
			report.printOverAdmissionHeader();
			for (ContenderKind kind : options.contenders()) {
				report.printOverAdmission(kind, OverAdmissionCheck.run(kind, redis.endpoint()));
			}
			Results results = new ComparisonRun(options, keys, redis.endpoint()).run();
			report.printTables(results);
			report.printCeiling(results);
			new Targets(out, results, keys).print();
		}
		System.exit(0);
	}

}

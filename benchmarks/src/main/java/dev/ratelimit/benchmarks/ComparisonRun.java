package dev.ratelimit.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.ratelimit.testsupport.RedisEndpoint;

/**
 * Measures every contender in every scenario at every thread count. Contenders are opened
 * once per limit and warmed up once; the passes of one cell are interleaved across
 * contenders, in a rotating order, so that a slow drift of the machine hits them all
 * alike.
 */
final class ComparisonRun {

	private final BenchmarkOptions options;

	private final KeySpace keys;

	private final RedisEndpoint redis;

	private final CpuMeter cpu;

	private final Map<BenchLimit, Map<ContenderKind, Contender>> opened = new HashMap<>();

	ComparisonRun(BenchmarkOptions options, KeySpace keys, RedisEndpoint redis) {
		this.options = options;
		this.keys = keys;
		this.redis = redis;
		this.cpu = new CpuMeter(redis);
	}

	/**
	 * Run every cell.
	 * @return the results
	 */
	Results run() {
		Results results = new Results();
		try {
			for (Scenario scenario : this.options.scenarios()) {
				Map<ContenderKind, Contender> contenders = contenders(scenario.limit());
				for (int threads : this.options.threads()) {
					for (int pass = 1; pass <= this.options.passes(); pass++) {
						for (Map.Entry<ContenderKind, Contender> contender : rotated(contenders, pass)) {
							Measurement measurement = leastDisturbed(
									() -> LoadDriver.run(contender.getValue(), this.keys, scenario, threads,
											this.options.warmup(), this.options.window(), this.cpu));
							results.add(scenario, threads, contender.getKey(), measurement);
							progress(
									"%s, %d threads, pass %d, %s: %,.0f decisions/s, p99 %.0f µs, client CPU "
											+ "%.1f µs/decision, other load %.2f cores, %d errors",
									scenario.label(this.keys), threads, pass, contender.getKey().label(),
									measurement.throughput(),
									measurement.latencyNanos().getValueAtPercentile(99) / 1000.0,
									measurement.cpu().jvm() / 1000.0 / Math.max(1, measurement.decisions()),
									measurement.otherCores(), measurement.errors());
						}
					}
				}
			}
			return results;
		}
		finally {
			this.opened.values().forEach((contenders) -> contenders.values().forEach(Contender::close));
		}
	}

	/**
	 * Return the contenders in a different order each round, so that none always runs
	 * first after a heavy neighbour.
	 */
	private static List<Map.Entry<ContenderKind, Contender>> rotated(Map<ContenderKind, Contender> contenders,
			int round) {
		List<Map.Entry<ContenderKind, Contender>> order = new ArrayList<>(contenders.entrySet());
		Collections.rotate(order, -(round - 1));
		return order;
	}

	private Map<ContenderKind, Contender> contenders(BenchLimit limit) {
		Map<ContenderKind, Contender> contenders = this.opened.get(limit);
		if (contenders == null) {
			contenders = new EnumMap<>(ContenderKind.class);
			this.opened.put(limit, contenders);
			for (ContenderKind kind : this.options.contenders()) {
				progress("opening %s for %,d keys, %s", kind.label(), this.keys.size(), limit);
				contenders.put(kind, kind.open(this.redis, limit, this.keys));
			}
			for (Map.Entry<ContenderKind, Contender> contender : contenders.entrySet()) {
				progress("warming up %s", contender.getKey().label());
				LoadDriver.run(contender.getValue(), this.keys, Scenario.MANY_KEYS, 8, Duration.ZERO,
						Duration.ofSeconds(3), this.cpu);
			}
		}
		return contenders;
	}

	private Measurement leastDisturbed(Supplier<Measurement> pass) {
		Measurement best = pass.get();
		for (int attempt = 2; attempt <= this.options.attempts()
				&& best.otherCores() > this.options.maxOtherLoad(); attempt++) {
			progress("  disturbed: other processes kept %.2f cores busy; try %d of %d", best.otherCores(), attempt,
					this.options.attempts());
			Measurement retry = pass.get();
			if (retry.otherCores() < best.otherCores()) {
				best = retry;
			}
		}
		return best;
	}

	static void progress(String format, Object... args) {
		System.err.printf(Locale.ROOT, format + "%n", args);
	}

}

package dev.ratelimit.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The knobs of a run. Defaults give the quick run; {@code --full} lengthens the windows.
 * Each can be overridden: {@code --threads=1,8,64}, {@code --keys=10000},
 * {@code --warmup=1} and {@code --window=3} (seconds), {@code --passes=2},
 * {@code --contenders=ours,raw_script,...|all}, {@code --scenarios=hot_key,...|all},
 * {@code --max-other-load=0.25} (cores) and {@code --attempts=3}.
 *
 * @param threads the caller thread counts
 * @param keys how many keys the spread scenario uses
 * @param warmup the unmeasured lead-in of every pass
 * @param window the measured window of every pass
 * @param passes the measured passes per cell
 * @param contenders the contenders to run
 * @param scenarios the scenarios to run
 * @param maxOtherLoad the cores other processes may keep busy before a pass counts as
 * disturbed and is repeated
 * @param attempts how often a disturbed pass is tried before the least disturbed try is
 * kept
 */
record BenchmarkOptions(List<Integer> threads, int keys, Duration warmup, Duration window, int passes,
		List<ContenderKind> contenders, List<Scenario> scenarios, double maxOtherLoad, int attempts) {

	/**
	 * Parse the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException on an unknown argument
	 */
	static BenchmarkOptions parse(String... args) {
		boolean full = Arrays.asList(args).contains("--full");
		List<Integer> threads = List.of(1, 8, 64);
		int keys = 10_000;
		Duration warmup = Duration.ofSeconds(full ? 3 : 1);
		Duration window = Duration.ofSeconds(full ? 10 : 3);
		int passes = full ? 3 : 2;
		List<ContenderKind> contenders = defaults(ContenderKind.values(), ContenderKind::optIn);
		List<Scenario> scenarios = defaults(Scenario.values(), Scenario::optIn);
		double maxOtherLoad = 0.25;
		int attempts = 3;
		for (String arg : args) {
			String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			String value = arg.substring(arg.indexOf('=') + 1);
			switch (name) {
				case "--full", "--quick" -> {
				}
				case "--threads" -> threads = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
				case "--keys" -> keys = Integer.parseInt(value);
				case "--warmup" -> warmup = seconds(value);
				case "--window" -> window = seconds(value);
				case "--passes" -> passes = Integer.parseInt(value);
				case "--contenders" -> contenders = named(value, ContenderKind.values(), ContenderKind::valueOf);
				case "--scenarios" -> scenarios = named(value, Scenario.values(), Scenario::valueOf);
				case "--max-other-load" -> maxOtherLoad = Double.parseDouble(value);
				case "--attempts" -> attempts = Integer.parseInt(value);
				default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'; see docs/benchmarks.md");
			}
		}
		return new BenchmarkOptions(threads, keys, warmup, window, passes, contenders, scenarios, maxOtherLoad,
				attempts);
	}

	private static <E extends Enum<E>> List<E> defaults(E[] all, Predicate<E> optIn) {
		return Arrays.stream(all).filter(optIn.negate()).toList();
	}

	private static <E extends Enum<E>> List<E> named(String value, E[] all, Function<String, E> byName) {
		if (value.equals("all")) {
			return List.of(all);
		}
		return Arrays.stream(value.split(","))
			.map((name) -> byName.apply(name.trim().toUpperCase(Locale.ROOT)))
			.sorted()
			.toList();
	}

	private static Duration seconds(String value) {
		return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
	}

	@Override
	public String toString() {
		return "threads " + this.threads + "; warm-up " + this.warmup.toMillis() / 1000.0 + " s then " + this.passes
				+ " measured passes of " + this.window.toMillis() / 1000.0 + " s per cell, passes interleaved across "
				+ "contenders in rotating order; a pass during which other processes kept more than "
				+ this.maxOtherLoad + " cores busy is repeated, up to " + this.attempts
				+ " tries, keeping the least disturbed";
	}

}

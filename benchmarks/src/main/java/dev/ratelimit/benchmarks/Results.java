package dev.ratelimit.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * Every {@link CellResult} of a run, by key scenario, thread count and contender.
 */
final class Results {

	private final Map<String, CellResult> cells = new HashMap<>();

	/**
	 * Record one measured pass.
	 * @param scenario the key scenario
	 * @param threads the thread count
	 * @param kind the contender
	 * @param pass the measurement
	 */
	void add(Scenario scenario, int threads, ContenderKind kind, Measurement pass) {
		this.cells.computeIfAbsent(id(scenario, threads, kind), (id) -> new CellResult()).add(pass);
	}

	/**
	 * Return one cell, empty if it was never measured.
	 * @param scenario the key scenario
	 * @param threads the thread count
	 * @param kind the contender
	 * @return the cell
	 */
	CellResult get(Scenario scenario, int threads, ContenderKind kind) {
		return this.cells.getOrDefault(id(scenario, threads, kind), new CellResult());
	}

	private static String id(Scenario scenario, int threads, ContenderKind kind) {
		return scenario + "/" + threads + "/" + kind;
	}

}

package dev.ratelimit.core;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * How the path to the shared store stands, as health, metrics and the actuator endpoint
 * report it, without exposing the circuit breaker behind it.
 */
public interface BackendState {

	/**
	 * Return the breaker's position.
	 * @return the position
	 */
	Circuit circuit();

	/**
	 * Return each store partition's breaker position, by the partition's name: a Redis
	 * Cluster master's node id, or the empty name of a store that has one partition.
	 * @return the positions, in the order of the names
	 */
	default SortedMap<String, Circuit> partitions() {
		return new TreeMap<>(Map.of("", circuit()));
	}

	/**
	 * Return the percentage of failed calls among the recent ones, or {@code -1} before
	 * enough calls were made.
	 * @return the failure rate
	 */
	float failureRate();

	/**
	 * Return why the startup warm-up could not decide on the store, until the store has
	 * answered a request since.
	 * @return the failure, or {@code null} when it succeeded, has not run, or the store
	 * has answered since
	 */
	@Nullable WarmUpFailure warmUpFailure();

	/**
	 * Position of the breaker around the store.
	 */
	enum Circuit {

		/** Calls go to the store. */
		CLOSED,

		/** Calls are refused and failure policies apply. */
		OPEN,

		/** A few probe calls go to the store to see whether it is back. */
		HALF_OPEN

	}

	/**
	 * Why the startup warm-up failed: a category that health may show to anyone, unlike
	 * the driver's message, which can name the store's host and port (the warm-up logs
	 * that).
	 */
	enum WarmUpFailure {

		/** The store gave no answer within the warm-up deadline. */
		TIMEOUT,

		/** The store or the connection to it answered with an error. */
		ERROR,

		/** The warm-up was interrupted. */
		INTERRUPTED

	}

}

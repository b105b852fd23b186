package dev.ratelimit.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The algorithm that decides one limit.
 */
public enum Algorithm {

	/**
	 * Token bucket with continuous refill: {@code limit} tokens per {@code period}, up
	 * to {@code burst} tokens saved.
	 */
	TOKEN_BUCKET("token-bucket");

	private final String id;

	Algorithm(String id) {
		this.id = id;
	}

	/**
	 * Return the configuration name of this algorithm, such as {@code token-bucket}.
	 * @return the name
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the algorithm with the given configuration name.
	 * @param id the name, such as {@code token-bucket}
	 * @return the algorithm
	 * @throws IllegalArgumentException if no algorithm has that name
	 */
	public static Algorithm fromId(String id) {
		String normalized = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (Algorithm algorithm : values()) {
			if (algorithm.id.equals(normalized)) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException("Unknown algorithm '" + id + "'; expected one of "
				+ Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", ")));
	}

}

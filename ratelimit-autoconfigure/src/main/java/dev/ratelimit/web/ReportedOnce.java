package dev.ratelimit.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers which problems were reported, so that each is logged once however many
 * requests meet it. Bounded: problems named after values a resolver returns cannot grow
 * it without end; past the bound, a problem forgotten may be reported again.
 */
public final class ReportedOnce {

	private static final int MAX_PROBLEMS = 1_000;

	private final Cache<String, Boolean> reported = Caffeine.newBuilder().maximumSize(MAX_PROBLEMS).build();

	/**
	 * Return whether a problem is met for the first time, remembering it.
	 * @param problem what identifies the problem, never a client's value
	 * @return whether to report it
	 */
	public boolean first(String problem) {
		return this.reported.asMap().putIfAbsent(problem, Boolean.TRUE) == null;
	}

}

package dev.ratelimit.web;

import java.util.List;

/**
 * The declarations that apply to one handler method, all charged at one stage so that
 * they are decided together: before the arguments are resolved
 * ({@link RateLimitInterceptor}) when none reads an argument, else around the call
 * ({@link RateLimitedKeyAdvisor}). One of the two lists is empty.
 *
 * @param beforeArguments every declaration when none has a key reading an argument, in
 * order
 * @param withArguments every declaration when one has a key reading an argument, in order
 */
public record HandlerLimits(List<DeclaredLimit> beforeArguments, List<DeclaredLimit> withArguments) {

	/**
	 * Place declarations at the stage where all of them can be charged.
	 * @param limits the declarations, in order
	 * @return the placed declarations
	 */
	static HandlerLimits of(List<DeclaredLimit> limits) {
		List<DeclaredLimit> all = List.copyOf(limits);
		return limits.stream().anyMatch(HandlerLimits::readsArguments) ? new HandlerLimits(List.of(), all)
				: new HandlerLimits(all, List.of());
	}

	private static boolean readsArguments(DeclaredLimit limit) {
		return limit.key() != null && KeyExpressions.readsArguments(limit.key());
	}

}

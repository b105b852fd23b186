package dev.ratelimit.web;

import java.util.List;

/**
 * The declarations that apply to one handler method, split by when they can be charged:
 * those needing no argument before the arguments are resolved
 * ({@link RateLimitInterceptor}), those whose key expression reads an argument around the
 * call ({@link RateLimitedKeyAdvisor}).
 *
 * @param beforeArguments declarations without a key expression or whose key reads only
 * the request, in order
 * @param withArguments declarations whose key reads an argument, in order
 */
public record HandlerLimits(List<DeclaredLimit> beforeArguments, List<DeclaredLimit> withArguments) {

	/**
	 * Split declarations by whether their key expression reads an argument.
	 * @param limits the declarations, in order
	 * @return the split declarations
	 */
	static HandlerLimits of(List<DeclaredLimit> limits) {
		return new HandlerLimits(limits.stream().filter((limit) -> !readsArguments(limit)).toList(),
				limits.stream().filter(HandlerLimits::readsArguments).toList());
	}

	private static boolean readsArguments(DeclaredLimit limit) {
		return limit.key() != null && KeyExpressions.readsArguments(limit.key());
	}

}

package dev.ratelimit.web;

import java.util.List;

/**
 * The declarations that apply to one handler method, split by when they can be charged:
 * those counting by the {@link KeyResolver} before the arguments are resolved
 * ({@link RateLimitInterceptor}), those whose key expression may read the arguments
 * around the call ({@link RateLimitedKeyAdvisor}).
 *
 * @param beforeArguments declarations without a key expression, in order
 * @param withArguments declarations with a key expression, in order
 */
public record HandlerLimits(List<DeclaredLimit> beforeArguments, List<DeclaredLimit> withArguments) {

	/**
	 * Split declarations by whether they have a key expression.
	 * @param limits the declarations, in order
	 * @return the split declarations
	 */
	static HandlerLimits of(List<DeclaredLimit> limits) {
		return new HandlerLimits(limits.stream().filter((limit) -> limit.key() == null).toList(),
				limits.stream().filter((limit) -> limit.key() != null).toList());
	}

	/**
	 * Return whether no declaration applies.
	 * @return whether the method is not limited
	 */
	public boolean isEmpty() {
		return this.beforeArguments.isEmpty() && this.withArguments.isEmpty();
	}

}

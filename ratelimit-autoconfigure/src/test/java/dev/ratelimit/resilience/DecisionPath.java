package dev.ratelimit.resilience;

import java.util.List;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.Stages;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.CountingScripts;

/**
 * The two ways a request is decided by the {@link FailSafeRateLimiter}, which must give
 * the same verdicts, each counting the script calls of its own kind.
 */
enum DecisionPath {

	/** {@code decideAll}, waiting on the caller's thread. */
	BLOCKING {

		@Override
		List<Verdict> decide(FailSafeRateLimiter limiter, List<ClientCharge> parts) {
			return limiter.decideAll(parts);
		}

		@Override
		int ownCalls(CountingScripts scripts) {
			return scripts.calls() - scripts.asyncCalls();
		}

	},

	/** {@code decideAllAsync}, awaited by the test. */
	ASYNC {

		@Override
		List<Verdict> decide(FailSafeRateLimiter limiter, List<ClientCharge> parts) {
			return Stages.join(limiter.decideAllAsync(parts));
		}

		@Override
		int ownCalls(CountingScripts scripts) {
			return scripts.asyncCalls();
		}

	};

	abstract List<Verdict> decide(FailSafeRateLimiter limiter, List<ClientCharge> parts);

	/**
	 * Return the script calls made the path's way.
	 */
	abstract int ownCalls(CountingScripts scripts);

	Verdict decide(FailSafeRateLimiter limiter, ClientCharge part) {
		return decide(limiter, List.of(part)).get(0);
	}

}

package dev.ratelimit.resilience;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Stages;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import org.jspecify.annotations.Nullable;

/**
 * How the {@link FailSafeRateLimiter} waits for its store, the one step its blocking and
 * its non-blocking decisions do not share: every other step takes the store's answer as a
 * stage, which a blocking call hands over complete.
 */
enum StoreCalls {

	/**
	 * The caller's thread waits for each store call; every stage is complete when given.
	 */
	BLOCKING {

		@Override
		CompletionStage<Decision> evaluate(RateLimiter store, DecisionRequest request) {
			return CompletableFuture.completedFuture(store.evaluate(request));
		}

		@Override
		CompletionStage<List<Decision>> evaluateAll(RateLimiter store, List<DecisionRequest> parts) {
			return CompletableFuture.completedFuture(store.evaluateAll(parts));
		}

		@Override
		CompletionStage<LeaseGrant> evaluateLease(RateLimiter store, DecisionRequest request, long size) {
			return CompletableFuture.completedFuture(store.evaluateLease(request, size));
		}

		@Override
		CompletionStage<TokenLeases.@Nullable Leased> leased(TokenLeases leases, DecisionRequest request, Tier tier,
				TokenLeases.AsyncStore store) {
			return CompletableFuture.completedFuture(
					leases.decide(request.key(), tier, request.cost(), (size) -> Stages.join(store.lease(size))));
		}

	},

	/** No thread waits: the store's replies complete the stages. */
	ASYNC {

		@Override
		CompletionStage<Decision> evaluate(RateLimiter store, DecisionRequest request) {
			return store.evaluateAsync(request);
		}

		@Override
		CompletionStage<List<Decision>> evaluateAll(RateLimiter store, List<DecisionRequest> parts) {
			return store.evaluateAllAsync(parts);
		}

		@Override
		CompletionStage<LeaseGrant> evaluateLease(RateLimiter store, DecisionRequest request, long size) {
			return store.evaluateLeaseAsync(request, size);
		}

		@Override
		CompletionStage<TokenLeases.@Nullable Leased> leased(TokenLeases leases, DecisionRequest request, Tier tier,
				TokenLeases.AsyncStore store) {
			return leases.decideAsync(request.key(), tier, request.cost(), store);
		}

	};

	abstract CompletionStage<Decision> evaluate(RateLimiter store, DecisionRequest request);

	abstract CompletionStage<List<Decision>> evaluateAll(RateLimiter store, List<DecisionRequest> parts);

	abstract CompletionStage<LeaseGrant> evaluateLease(RateLimiter store, DecisionRequest request, long size);

	/**
	 * Decide a request of a leasing tier on this node's leases, renewing through the
	 * given store call.
	 */
	abstract CompletionStage<TokenLeases.@Nullable Leased> leased(TokenLeases leases, DecisionRequest request,
			Tier tier, TokenLeases.AsyncStore store);

}

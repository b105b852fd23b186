package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * The guard of the local backend: every request is decided by this node's
 * {@link LocalRateLimiter}, which cannot fail, so there is no breaker, no deny cache, no
 * lease and no fallback around it.
 */
public final class LocalRateLimitGuard implements RateLimitGuard {

	private final LocalRateLimiter limiter;

	/**
	 * Create a guard.
	 * @param limiter the node's limiter
	 */
	public LocalRateLimitGuard(LocalRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Verdict decide(String key, Tier tier, long cost) {
		DecisionRequest request = new DecisionRequest(key, tier.limits(), cost);
		Decision beyondCapacity = request.denialIfCostExceedsCapacity();
		return new Verdict(Verdict.Source.PRIMARY,
				(beyondCapacity != null) ? beyondCapacity : this.limiter.evaluate(request));
	}

	/**
	 * Decide every part together, all-or-nothing; a part that fitted while another denied
	 * gets no verdict. A lone part is decided as {@link #decide} decides it.
	 */
	@Override
	public List<@Nullable Verdict> decideAll(List<ClientCharge> parts) {
		if (parts.size() == 1) {
			ClientCharge part = parts.get(0);
			return Collections.singletonList(decide(part.key(), part.tier(), part.cost()));
		}
		List<DecisionRequest> requests = new ArrayList<>(parts.size());
		for (ClientCharge part : parts) {
			DecisionRequest request = new DecisionRequest(part.key(), part.tier().limits(), part.cost());
			Decision beyondCapacity = request.denialIfCostExceedsCapacity();
			if (beyondCapacity != null) {
				return Verdicts.only(parts.size(), requests.size(),
						new Verdict(Verdict.Source.PRIMARY, beyondCapacity));
			}
			requests.add(request);
		}
		return Verdicts.of(Verdict.Source.PRIMARY, this.limiter.evaluateAll(requests));
	}

	/**
	 * Decide every part together on this node's limiter, which never waits for anything
	 * but its own short locks: the stage is complete when it is returned.
	 */
	@Override
	public CompletionStage<List<@Nullable Verdict>> decideAllAsync(List<ClientCharge> parts) {
		return CompletableFuture.completedFuture(decideAll(parts));
	}

	/**
	 * Charge the units a response shows beyond the charge, or give back those charged
	 * beyond what it owes, on this node's limiter.
	 */
	@Override
	public void settleResponse(String key, Tier tier, Verdict charged, long chargedUnits, long owed, Duration since) {
		Decision decision = charged.decision();
		if (decision == null || !decision.allowed() || owed == chargedUnits) {
			return;
		}
		if (owed > chargedUnits) {
			this.limiter.settle(new DecisionRequest(key, tier.limits(), owed - chargedUnits));
		}
		else {
			this.limiter.refund(new DecisionRequest(key, tier.limits(), chargedUnits - owed), decision, since);
		}
	}

	@Override
	public void forget(String key) {
		this.limiter.forget(key);
	}

}

package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Decides requests on the shared store and answers by the tier's failure policy when the
 * store cannot decide; what the web layer calls for every charged request.
 */
public interface RateLimitGuard {

	/**
	 * Decide a request.
	 * @param key the client's key within the tier
	 * @param tier the tier
	 * @param cost the units the request takes
	 * @return who decided, and the decision if one was made
	 */
	Verdict decide(String key, Tier tier, long cost);

	/**
	 * Decide the parts of one request that counts several clients, in their order. A part
	 * without a verdict was not asked; a part that fitted while another part decided with
	 * it denied is {@link Verdict.Source#NOT_CHARGED}. The default decides the parts one
	 * after another and stops at the first that rejects; a part earlier than it stays
	 * charged.
	 * @param parts the clients' parts, at least one
	 * @return one verdict per part, {@code null} where none was reached
	 */
	default List<@Nullable Verdict> decideAll(List<ClientCharge> parts) {
		List<@Nullable Verdict> verdicts = new ArrayList<>(parts.size());
		boolean rejected = false;
		for (ClientCharge part : parts) {
			Verdict verdict = rejected ? null : decide(part.key(), part.tier(), part.cost());
			verdicts.add(verdict);
			rejected = verdict != null && verdict.rejects(part.tier());
		}
		return verdicts;
	}

	/**
	 * Decide the parts of one request as {@link #decideAll} does, with the same verdicts,
	 * without blocking the calling thread: the store is asked asynchronously and its time
	 * budget runs without a waiting thread, so a reactive application may call this from
	 * an event loop. The stage completes on the thread the store's reply arrives on, or
	 * on the caller's when no store call was needed.
	 * @param parts the clients' parts, at least one
	 * @return one verdict per part, {@code null} where none was reached
	 */
	CompletionStage<List<@Nullable Verdict>> decideAllAsync(List<ClientCharge> parts);

	/**
	 * Settle a request admitted and charged before its handler ran, once its response
	 * shows what it owes: units beyond the charge are charged whether they fit or not, so
	 * the client may go into debt, which its next requests wait out; units charged beyond
	 * what it owes are given back, never beyond a full limit. The caller caps the units
	 * given back ({@link RefundableUnits}), once for every guard.
	 * @param key the client's key within the tier
	 * @param tier the tier decided, with the limits the verdict charged
	 * @param charged the verdict that admitted the request
	 * @param chargedUnits the units that verdict charged
	 * @param owed the units the request owes, at least 0, at least {@code chargedUnits}
	 * less the {@link RefundableUnits refundable} units
	 * @param since how long ago the verdict was given
	 */
	void settleResponse(String key, Tier tier, Verdict charged, long chargedUnits, long owed, Duration since);

	/**
	 * Forget what this node keeps of a key besides the store: its remembered denial, its
	 * leased units and its local-fallback state. Other nodes keep theirs until they
	 * lapse.
	 * @param key the client's key within the tier
	 */
	void forget(String key);

}

package dev.ratelimit.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LocalRateLimitGuard;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.Verdict;
import org.jspecify.annotations.Nullable;

/**
 * Requests run through a {@link RateLimitPipeline} as an edge runs them, decided by this
 * node's limiter on a test clock, with the outcomes observed.
 */
final class Requests {

	final TestClock clock = new TestClock();

	final List<Outcome> outcomes = new ArrayList<>();

	private final LocalRateLimitGuard guard = new LocalRateLimitGuard(new LocalRateLimiter(this.clock, 100));

	private final RateLimitPipeline pipeline;

	Requests(List<Tier> tiers, Map<String, ConcurrencyLimit> inFlight, Duration jitter) {
		ConcurrencyLimits limits = new ConcurrencyLimits(inFlight);
		RateLimitObserver observer = new RateLimitObserver() {

			@Override
			public void decided(Tier tier, Outcome outcome, @Nullable Decision decision) {
				Requests.this.outcomes.add(outcome);
			}

		};
		this.pipeline = new RateLimitPipeline(limits, observer,
				new TierPolicies(new TierRegistry(tiers, Map.of()), limits), (tier) -> false, jitter, 30);
	}

	Requests(Tier... tiers) {
		this(List.of(tiers), Map.of(), Duration.ZERO);
	}

	/**
	 * Run one request's parts with the store deciding and no concurrency limit refusing.
	 */
	RateLimitReport run(ClientPart... parts) {
		return run(new RequestRateLimits(), (ask) -> {
			throw new IllegalStateException("no permit expected");
		}, null, parts);
	}

	/**
	 * Run parts of a request, permits answered by a function, rates by the store or, when
	 * given, by a verdict.
	 */
	RateLimitReport run(RequestRateLimits limits, Function<RequestCharge.PermitAsk, PermitVerdict> permits,
			@Nullable Verdict verdict, ClientPart... parts) {
		RequestCharge charge = this.pipeline.prepare(limits, List.of(parts));
		for (RequestCharge.PermitAsk ask : charge.permits()) {
			RateLimitReport refused = this.pipeline.permitted(limits, ask, permits.apply(ask));
			if (refused != null) {
				return refused;
			}
		}
		List<@Nullable Verdict> verdicts = charge.charges().isEmpty() ? List.of()
				: (verdict != null) ? List.of(verdict) : this.guard.decideAll(charge.charges());
		return this.pipeline.apply(limits, charge, verdicts);
	}

	/**
	 * Return the fields a report's writer sets, in order.
	 */
	static Map<String, String> fields(RateLimitHeaders headers, RateLimitReport report) {
		Map<String, String> fields = new LinkedHashMap<>();
		headers.write(report, fields::put);
		return fields;
	}

}

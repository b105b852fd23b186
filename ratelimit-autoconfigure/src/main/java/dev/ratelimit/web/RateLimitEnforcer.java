package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.Tier;
import dev.ratelimit.http.ClientPart;
import dev.ratelimit.http.RateLimitHeaders;
import dev.ratelimit.http.RateLimitPipeline;
import dev.ratelimit.http.RateLimitReport;
import dev.ratelimit.http.RequestCharge;
import dev.ratelimit.http.RequestRateLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The servlet edge of the {@link RateLimitPipeline}: resolves who each charge of a
 * request counts and on which tier and plan, once, into {@link ClientPart}s, keeps what
 * the request was decided in a request attribute ({@link RequestRateLimits}), asks the
 * guards on the request's thread, and either writes the report's fields to the response
 * or raises {@link RateLimitExceededException} (429) or
 * {@link RateLimitUnavailableException} (503) carrying them.
 */
public class RateLimitEnforcer {

	private static final String LIMITS = RequestRateLimits.class.getName();

	private final RateLimitPipeline pipeline;

	private final RateLimitGuard guard;

	private final InFlightPermits permits;

	private final ResponseCharges responseCharges;

	private final CountedClientResolver clients;

	private final RuntimePlans plans;

	private final RateLimitHeaders headers;

	/**
	 * Create an enforcer.
	 * @param pipeline applies the answers and reports them
	 * @param guard decides rate limits
	 * @param permits takes and releases the permits of tiers' concurrency limits
	 * @param responseCharges settles the tiers charged after the response once it is
	 * complete
	 * @param clients decides who is counted and which tier applies
	 * @param plans replaces a tier's limits with a client's runtime plan
	 * @param headers writes the response fields
	 */
	public RateLimitEnforcer(RateLimitPipeline pipeline, RateLimitGuard guard, InFlightPermits permits,
			ResponseCharges responseCharges, CountedClientResolver clients, RuntimePlans plans,
			RateLimitHeaders headers) {
		this.pipeline = pipeline;
		this.guard = guard;
		this.permits = permits;
		this.responseCharges = responseCharges;
		this.clients = clients;
		this.plans = plans;
		this.headers = headers;
	}

	/**
	 * Charge a request against a tier.
	 * @param request the request
	 * @param response the response, which receives the fields when allowed
	 * @param requestedTier the tier named by the rule or annotation
	 * @param cost the units to charge
	 * @param identity an explicit client identity, or {@code null} for the
	 * {@link KeyResolver}'s
	 * @throws RateLimitExceededException if the request is denied
	 * @throws RateLimitUnavailableException if the tier fails closed and the store is
	 * away
	 */
	public void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, String requestedTier,
			long cost, @Nullable String identity) {
		CountedClient client = this.clients.resolve(request, requestedTier, identity);
		Tier tier = this.plans.apply(request, client.tier(), null, client.token());
		enforce(request, response, List.of(new ClientPart(tier, client.token(), client.key(), cost)));
	}

	/**
	 * Charge a request against several declarations at once, each counting its own
	 * client, decided together by {@link RateLimitGuard#decideAll}: on standalone Redis
	 * and Sentinel every client is charged or none is. A client named twice is charged
	 * once, at the larger cost.
	 * @param request the request
	 * @param response the response, which receives the fields when allowed
	 * @param declared the declarations, in order
	 * @throws RateLimitExceededException if the request is denied
	 * @throws RateLimitUnavailableException if a tier fails closed and the store is away
	 */
	public void enforceAll(HttpServletRequest request, @Nullable HttpServletResponse response,
			List<DeclaredCharge> declared) {
		List<ClientPart> parts = new ArrayList<>(declared.size());
		for (DeclaredCharge declaration : declared) {
			CountedClient client = client(request, declaration);
			parts.add(new ClientPart(plan(request, client, declaration), client.token(), client.key(),
					declaration.cost()));
		}
		enforce(request, response, parts);
	}

	private void enforce(HttpServletRequest request, @Nullable HttpServletResponse response, List<ClientPart> parts) {
		RequestRateLimits limits = limits(request);
		RequestCharge charge = this.pipeline.prepare(limits, parts);
		for (RequestCharge.PermitAsk ask : charge.permits()) {
			RateLimitReport refused = this.pipeline.permitted(limits, ask, this.permits.acquire(request, ask));
			if (refused != null) {
				throw refusal(request, limits, refused);
			}
		}
		List<ClientCharge> charges = charge.charges();
		RateLimitReport report = this.pipeline.apply(limits, charge,
				charges.isEmpty() ? List.of() : this.guard.decideAll(charges));
		if (report.refused()) {
			throw refusal(request, limits, report);
		}
		this.responseCharges.settleOnCompletion(request, response, limits);
		if (response != null) {
			this.headers.write(report, response::setHeader);
		}
	}

	/**
	 * Return the refusal to raise, with every permit the request holds released: the
	 * request will not run, so they are free for the client's next one.
	 */
	private RuntimeException refusal(HttpServletRequest request, RequestRateLimits limits, RateLimitReport report) {
		this.permits.releaseAll(limits);
		String path = request.getRequestURI();
		return (report.status() == HttpStatus.SERVICE_UNAVAILABLE)
				? new RateLimitUnavailableException(report, this.headers, path)
				: new RateLimitExceededException(report, this.headers, path);
	}

	private CountedClient client(HttpServletRequest request, DeclaredCharge declared) {
		String named = declared.named();
		return switch (declared.counted()) {
			case CALLER -> this.clients.resolve(request, declared.tier(), null);
			case NAMED -> this.clients.resolveNamed(request, declared.tier(), Objects.requireNonNull(named));
			case ADDRESS -> this.clients.resolveAddress(request, declared.tier(), Objects.requireNonNull(named));
			case KEY_FAILED -> this.clients.resolveWithoutPlan(request, declared.tier());
		};
	}

	/**
	 * Return the tier a declaration's client is decided by: the runtime plan of the
	 * client it counts; none when its key failed, since the caller counted in its place
	 * is not the client the declaration names.
	 */
	private Tier plan(HttpServletRequest request, CountedClient client, DeclaredCharge declared) {
		return switch (declared.counted()) {
			case CALLER -> this.plans.apply(request, client.tier(), null, client.token());
			case NAMED, ADDRESS -> this.plans.apply(request, client.tier(), declared.named(), client.token());
			case KEY_FAILED -> client.tier();
		};
	}

	/**
	 * Return what a request was decided so far, kept for the whole request, forwards
	 * included, so that a tier and client named twice is charged once.
	 */
	private static RequestRateLimits limits(HttpServletRequest request) {
		if (request.getAttribute(LIMITS) instanceof RequestRateLimits limits) {
			return limits;
		}
		RequestRateLimits limits = new RequestRateLimits();
		request.setAttribute(LIMITS, limits);
		return limits;
	}

}

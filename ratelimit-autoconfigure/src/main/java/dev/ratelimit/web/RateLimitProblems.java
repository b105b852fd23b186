package dev.ratelimit.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.web.RequestRateLimits.Applied;
import dev.ratelimit.web.RequestRateLimits.InFlight;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 bodies of the limiter's refusals, with the problem types of
 * draft-ietf-httpapi-ratelimit-headers: {@link #QUOTA_EXCEEDED} for a 429, naming every
 * violated policy in {@code violated-policies} and every limit of every tier that applied
 * in {@code policies}, and {@link #TEMPORARY_REDUCED_CAPACITY} for a 503.
 */
final class RateLimitProblems {

	/** Problem type of a request that exceeds one or more quota policies. */
	static final URI QUOTA_EXCEEDED = URI.create("https://iana.org/assignments/http-problem-types#quota-exceeded");

	/** Problem type of a request refused while the service runs with reduced capacity. */
	static final URI TEMPORARY_REDUCED_CAPACITY = URI
		.create("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity");

	private RateLimitProblems() {
	}

	/**
	 * Build the body of a 429.
	 * @param limits every tier decided for the request, the rejecting one last
	 * @param retryAfterSeconds the Retry-After sent with it
	 * @param path the request path, echoed as the problem instance
	 * @return the body
	 */
	static ProblemDetail quotaExceeded(RequestRateLimits limits, long retryAfterSeconds, String path) {
		List<Applied> applied = limits.applied();
		List<InFlight> inFlight = limits.inFlight();
		Applied rejecting = applied.stream().filter(Applied::rejecting).reduce((first, last) -> last).orElse(null);
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS);
		problem.setType(QUOTA_EXCEEDED);
		problem.setTitle("Too Many Requests");
		instance(problem, path);
		if (rejecting == null) {
			InFlight denying = inFlight.stream()
				.filter(InFlight::rejecting)
				.reduce((first, last) -> last)
				.orElseThrow();
			String limit = denying.decision().limit().name();
			problem.setProperty("tier", denying.tier());
			problem.setProperty("limit", limit);
			problem.setDetail("Limit '" + limit + "' of tier '" + denying.tier() + "' allows "
					+ denying.decision().limit().limit() + " requests in flight at once; retry in " + retryAfterSeconds
					+ " s.");
			problem.setProperty("reason", "limit-exceeded");
			problem.setProperty("retryAfter", retryAfterSeconds);
		}
		else {
			reasons(problem, rejecting, retryAfterSeconds);
		}
		List<String> violated = new ArrayList<>();
		List<Map<String, Object>> policies = new ArrayList<>();
		List<List<String>> names = limits.policyNames();
		for (int i = 0; i < applied.size(); i++) {
			Applied decided = applied.get(i);
			List<LimitOutcome> outcomes = decided.decision().outcomes();
			for (int j = 0; j < outcomes.size(); j++) {
				LimitOutcome outcome = outcomes.get(j);
				boolean isViolated = decided.rejecting() && decided.violated(outcome);
				if (isViolated) {
					violated.add(names.get(i).get(j));
				}
				policies.add(policy(names.get(i).get(j), decided, outcome, isViolated));
			}
		}
		for (int i = 0; i < inFlight.size(); i++) {
			InFlight decided = inFlight.get(i);
			String name = names.get(applied.size()).get(i);
			if (decided.rejecting()) {
				violated.add(name);
			}
			Map<String, Object> policy = new LinkedHashMap<>();
			policy.put("name", name);
			policy.put("quota", decided.decision().limit().limit());
			policy.put("unit", "concurrent-requests");
			policy.put("remaining", decided.decision().remaining());
			policy.put("violated", decided.rejecting());
			policies.add(policy);
		}
		problem.setProperty("violated-policies", violated);
		problem.setProperty("policies", policies);
		return problem;
	}

	private static void reasons(ProblemDetail problem, Applied rejecting, long retryAfterSeconds) {
		String tier = rejecting.tier();
		Decision decision = rejecting.decision();
		LimitOutcome deciding = decision.deciding();
		problem.setProperty("tier", tier);
		problem.setProperty("limit", deciding.spec().name());
		if (decision.reason() == Decision.Reason.COST_EXCEEDS_CAPACITY) {
			problem.setDetail("This request costs more than limit '" + deciding.spec().name() + "' of tier '" + tier
					+ "' can ever hold (" + deciding.spec().burst() + "); it cannot be admitted.");
			problem.setProperty("reason", "cost-exceeds-capacity");
		}
		else {
			problem.setDetail("Limit '" + deciding.spec().name() + "' of tier '" + tier + "' is exhausted; retry in "
					+ retryAfterSeconds + " s.");
			problem.setProperty("reason", "limit-exceeded");
			problem.setProperty("retryAfter", retryAfterSeconds);
		}
	}

	/**
	 * Build the body of a fail-closed 503.
	 * @param tier the tier that failed closed
	 * @param retryAfterSeconds the Retry-After sent with it
	 * @param path the request path, echoed as the problem instance
	 * @return the body
	 */
	static ProblemDetail temporaryReducedCapacity(String tier, long retryAfterSeconds, String path) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
		problem.setType(TEMPORARY_REDUCED_CAPACITY);
		problem.setTitle("Service Unavailable");
		problem.setDetail("Rate limiting for tier '" + tier + "' is temporarily unavailable and this tier fails "
				+ "closed; retry in " + retryAfterSeconds + " s.");
		instance(problem, path);
		problem.setProperty("tier", tier);
		problem.setProperty("reason", "limiter-unavailable");
		problem.setProperty("retryAfter", retryAfterSeconds);
		return problem;
	}

	private static Map<String, Object> policy(String name, Applied decided, LimitOutcome outcome, boolean violated) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("name", name);
		policy.put("quota", outcome.spec().burst());
		policy.put("window", outcome.windowSeconds());
		policy.put("remaining", outcome.remaining());
		policy.put("reset", RateLimitHeaders.resetSeconds(decided, outcome));
		policy.put("violated", violated);
		return policy;
	}

	private static void instance(ProblemDetail problem, String path) {
		try {
			problem.setInstance(URI.create(path.isEmpty() ? "/" : path));
		}
		catch (IllegalArgumentException ex) {
			// an unparseable path is simply not echoed back
		}
	}

}

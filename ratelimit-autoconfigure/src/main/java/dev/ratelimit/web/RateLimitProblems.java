package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 body of a denial: status, title, a detail sentence, the violated
 * limit, every policy of the tier with its state, and the retry delay.
 */
final class RateLimitProblems {

	private RateLimitProblems() {
	}

	static ProblemDetail create(String tier, Decision decision, long retryAfterSeconds, String path) {
		LimitOutcome deciding = decision.deciding();
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS);
		problem.setTitle("Too Many Requests");
		try {
			problem.setInstance(java.net.URI.create(path.isEmpty() ? "/" : path));
		}
		catch (IllegalArgumentException ex) {
			// an unparseable path is simply not echoed back
		}
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
		problem.setProperty("policies", policies(decision));
		return problem;
	}

	private static List<Map<String, Object>> policies(Decision decision) {
		List<Map<String, Object>> policies = new ArrayList<>();
		for (LimitOutcome outcome : decision.outcomes()) {
			Map<String, Object> policy = new LinkedHashMap<>();
			policy.put("name", outcome.spec().name());
			policy.put("quota", outcome.spec().burst());
			policy.put("window", outcome.spec().windowSeconds());
			policy.put("remaining", outcome.remaining());
			policy.put("reset", RateLimitHeaders.seconds(outcome.resetAfter()));
			policy.put("violated", !outcome.fits());
			policies.add(policy);
		}
		return policies;
	}

}

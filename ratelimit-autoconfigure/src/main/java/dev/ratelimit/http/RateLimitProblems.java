package dev.ratelimit.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.http.RateLimitReport.Policy;
import dev.ratelimit.http.RateLimitReport.Refusal;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Renders the RFC 9457 body of a refusal from its {@link RateLimitReport}, with the
 * problem types of draft-ietf-httpapi-ratelimit-headers: {@link #QUOTA_EXCEEDED} for a
 * 429, naming every violated policy in {@code violated-policies} and every limit of every
 * tier that applied in {@code policies}, and {@link #TEMPORARY_REDUCED_CAPACITY} for a
 * 503.
 */
public final class RateLimitProblems {

	/** Problem type of a request that exceeds one or more quota policies. */
	public static final URI QUOTA_EXCEEDED = URI
		.create("https://iana.org/assignments/http-problem-types#quota-exceeded");

	/** Problem type of a request refused while the service runs with reduced capacity. */
	public static final URI TEMPORARY_REDUCED_CAPACITY = URI
		.create("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity");

	private RateLimitProblems() {
	}

	/**
	 * Render the body of a refusal.
	 * @param report the report of a refused request
	 * @param path the request path, echoed as the problem instance
	 * @return the body
	 * @throws IllegalArgumentException if the report refuses nothing
	 */
	public static ProblemDetail of(RateLimitReport report, String path) {
		Refusal refusal = report.refusal();
		if (refusal == null) {
			throw new IllegalArgumentException("The report refuses nothing");
		}
		boolean unavailable = report.status() == HttpStatus.SERVICE_UNAVAILABLE;
		ProblemDetail problem = ProblemDetail.forStatus(report.status());
		problem.setType(unavailable ? TEMPORARY_REDUCED_CAPACITY : QUOTA_EXCEEDED);
		problem.setTitle(unavailable ? "Service Unavailable" : "Too Many Requests");
		problem.setDetail(refusal.detail());
		instance(problem, path);
		problem.setProperty("tier", refusal.tier());
		if (refusal.limit() != null) {
			problem.setProperty("limit", refusal.limit());
		}
		problem.setProperty("reason", refusal.reason());
		if (report.retryAfterSeconds() > 0) {
			problem.setProperty("retryAfter", report.retryAfterSeconds());
		}
		if (!unavailable) {
			List<String> violated = new ArrayList<>();
			List<Map<String, Object>> policies = new ArrayList<>(report.policies().size());
			for (Policy policy : report.policies()) {
				if (policy.violated()) {
					violated.add(policy.name());
				}
				policies.add(describe(policy));
			}
			problem.setProperty("violated-policies", violated);
			problem.setProperty("policies", policies);
		}
		return problem;
	}

	private static Map<String, Object> describe(Policy policy) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("name", policy.name());
		described.put("quota", policy.quota());
		if (policy.concurrent()) {
			described.put("unit", "concurrent-requests");
			described.put("remaining", policy.remaining());
		}
		else {
			described.put("window", policy.windowSeconds());
			described.put("remaining", policy.remaining());
			described.put("reset", policy.resetSeconds());
		}
		described.put("violated", policy.violated());
		return described;
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

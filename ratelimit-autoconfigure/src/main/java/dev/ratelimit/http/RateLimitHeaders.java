package dev.ratelimit.http;

import java.util.List;
import java.util.StringJoiner;

import dev.ratelimit.http.RateLimitReport.Policy;
import dev.ratelimit.http.RateLimitReport.Standing;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Writes the rate-limit response fields of a {@link RateLimitReport}, straight to the
 * response through a {@link FieldWriter}:
 * <ul>
 * <li>{@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset}: the
 * report's most restrictive limit (the widely deployed form of
 * draft-ietf-httpapi-ratelimit-headers);</li>
 * <li>{@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers-11): every limit of every tier that applied as
 * {@code "name";q=<burst>;w=<seconds to refill>} and
 * {@code "name";r=<remaining>;t=<seconds>}, a concurrency limit as
 * {@code "name";q=<limit>;qu="concurrent-requests"} and
 * {@code "name";r=<permits left>};</li>
 * <li>{@code Retry-After} on refusals, never earlier than any violated limit's
 * {@code t}.</li>
 * </ul>
 * A fail-closed 503 carries {@code Retry-After} alone.
 */
public class RateLimitHeaders {

	/** Legacy limit field. */
	public static final String LIMIT = "RateLimit-Limit";

	/** Legacy remaining field. */
	public static final String REMAINING = "RateLimit-Remaining";

	/** Legacy reset field. */
	public static final String RESET = "RateLimit-Reset";

	/** Draft-11 policy field. */
	public static final String POLICY = "RateLimit-Policy";

	/** Draft-11 state field. */
	public static final String RATE_LIMIT = "RateLimit";

	private final boolean legacy;

	private final boolean draft;

	private final boolean onAllowed;

	/**
	 * Create a writer.
	 * @param legacy whether to write RateLimit-Limit/-Remaining/-Reset
	 * @param draft whether to write RateLimit and RateLimit-Policy
	 * @param onAllowed whether allowed responses carry the fields too
	 */
	public RateLimitHeaders(boolean legacy, boolean draft, boolean onAllowed) {
		this.legacy = legacy;
		this.draft = draft;
		this.onAllowed = onAllowed;
	}

	/**
	 * Write the fields of a report; none for a request that every limit admitted when
	 * allowed responses carry no fields.
	 * @param report the report
	 * @param fields where the fields go
	 */
	public void write(RateLimitReport report, FieldWriter fields) {
		if (report.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			fields.set(HttpHeaders.RETRY_AFTER, Long.toString(report.retryAfterSeconds()));
			return;
		}
		List<Policy> policies = report.policies();
		if (policies.isEmpty() || (!report.denied() && !this.onAllowed)) {
			return;
		}
		Standing standing = report.standing();
		if (this.legacy && standing != null) {
			fields.set(LIMIT, Long.toString(standing.limit()));
			fields.set(REMAINING, Long.toString(standing.remaining()));
			fields.set(RESET, Long.toString(standing.resetSeconds()));
		}
		if (this.draft) {
			StringJoiner policy = new StringJoiner(", ");
			StringJoiner state = new StringJoiner(", ");
			for (Policy limit : policies) {
				policy.add(limit.policyItem());
				state.add(limit.concurrent() ? limit.quotedName() + ";r=" + limit.remaining()
						: limit.quotedName() + ";r=" + limit.remaining() + ";t=" + limit.resetSeconds());
			}
			fields.set(POLICY, policy.toString());
			fields.set(RATE_LIMIT, state.toString());
		}
		if (report.retryAfterSeconds() > 0) {
			fields.set(HttpHeaders.RETRY_AFTER, Long.toString(report.retryAfterSeconds()));
		}
	}

}

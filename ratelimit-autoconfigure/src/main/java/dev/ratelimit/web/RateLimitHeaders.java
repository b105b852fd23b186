package dev.ratelimit.web;

import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;

import org.springframework.http.HttpHeaders;

/**
 * Writes the rate-limit response fields. All times are delta-seconds, rounded up:
 * <ul>
 * <li>{@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset}: the
 * most restrictive limit (the widely deployed draft-ietf-httpapi-ratelimit-headers form);</li>
 * <li>{@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers-11):
 * every limit of the tier as {@code "name";q=<burst>;w=<seconds to refill>} and
 * {@code "name";r=<remaining>;t=<seconds to full>};</li>
 * <li>{@code Retry-After} on denials: at least 1, plus optional random jitter.</li>
 * </ul>
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

	private final Duration retryAfterJitter;

	/**
	 * Create a writer.
	 * @param legacy whether to write RateLimit-Limit/-Remaining/-Reset
	 * @param draft whether to write RateLimit and RateLimit-Policy
	 * @param onAllowed whether allowed responses carry the fields too
	 * @param retryAfterJitter largest random delay added to Retry-After
	 */
	public RateLimitHeaders(boolean legacy, boolean draft, boolean onAllowed, Duration retryAfterJitter) {
		this.legacy = legacy;
		this.draft = draft;
		this.onAllowed = onAllowed;
		this.retryAfterJitter = retryAfterJitter;
	}

	/**
	 * Return the fields for a decision; empty for an allowed decision when allowed
	 * responses carry no fields.
	 * @param decision the decision
	 * @return the fields
	 */
	public HttpHeaders fieldsFor(Decision decision) {
		HttpHeaders headers = new HttpHeaders();
		if (decision.allowed() && !this.onAllowed) {
			return headers;
		}
		if (this.legacy) {
			headers.set(LIMIT, Long.toString(decision.limit()));
			headers.set(REMAINING, Long.toString(decision.remaining()));
			headers.set(RESET, Long.toString(seconds(decision.resetAfter())));
		}
		if (this.draft) {
			StringJoiner policy = new StringJoiner(", ");
			StringJoiner state = new StringJoiner(", ");
			for (LimitOutcome outcome : decision.outcomes()) {
				String name = quote(outcome.spec().name());
				policy.add(name + ";q=" + outcome.spec().burst() + ";w=" + outcome.spec().windowSeconds());
				state.add(name + ";r=" + outcome.remaining() + ";t=" + seconds(outcome.resetAfter()));
			}
			headers.set(POLICY, policy.toString());
			headers.set(RATE_LIMIT, state.toString());
		}
		if (!decision.allowed() && decision.reason() == Decision.Reason.LIMIT_EXCEEDED) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(decision)));
		}
		return headers;
	}

	/**
	 * Return the Retry-After value of a denial: whole seconds rounded up, at least 1,
	 * plus up to the configured jitter.
	 * @param decision the denial
	 * @return the seconds
	 */
	public long retryAfterSeconds(Decision decision) {
		long seconds = Math.max(1, seconds(decision.retryAfter()));
		if (!this.retryAfterJitter.isZero()) {
			seconds += ThreadLocalRandom.current().nextLong(seconds(this.retryAfterJitter) + 1);
		}
		return seconds;
	}

	static long seconds(Duration duration) {
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0) ? seconds + 1 : seconds;
	}

	private static String quote(String name) {
		return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}

package dev.ratelimit.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.web.RequestRateLimits.Applied;
import dev.ratelimit.web.RequestRateLimits.InFlight;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Writes the rate-limit response fields. All times are delta-seconds, rounded up:
 * <ul>
 * <li>{@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset}: the
 * most restrictive limit across every tier that applied to the request (the widely
 * deployed draft-ietf-httpapi-ratelimit-headers form): the denying one with the longest
 * wait, else the one with the fewest units left;</li>
 * <li>{@code RateLimit-Policy} and {@code RateLimit}
 * (draft-ietf-httpapi-ratelimit-headers-11): every limit of every tier that applied as
 * {@code "name";q=<burst>;w=<seconds to refill>} and
 * {@code "name";r=<remaining>;t=<seconds>}, where {@code t} is the time until the limit
 * is full again, or for a limit that denied the request the time until it has room for
 * it; names are the limits' own when one tier applied, else {@code "tier.limit"};</li>
 * <li>{@code Retry-After} on denials: the denying limit's wait, at least 1, plus optional
 * random jitter, so never earlier than any violated limit's {@code t}.</li>
 * </ul>
 * A concurrency limit appears in the draft fields as
 * {@code "name";q=<limit>;qu="concurrent-requests"} and {@code "name";r=<permits left>}.
 * When it denies, the legacy fields are its own (reset and {@code Retry-After} 1 second
 * plus jitter: a permit frees whenever a request of the client ends, which no clock
 * tells); when it is all that applied, they carry its limit and permits left, reset 0.
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
	 * @param decision the decision, which rejects the request if it is a denial
	 * @return the fields
	 */
	public HttpHeaders fieldsFor(Decision decision) {
		RequestRateLimits single = new RequestRateLimits();
		single.record("", "", 0, decision, !decision.allowed());
		boolean delayed = !decision.allowed() && decision.reason() == Decision.Reason.LIMIT_EXCEEDED;
		return fieldsFor(single, delayed ? retryAfterSeconds(decision) : 0);
	}

	/**
	 * Return the fields for every tier decided for a request; empty when each admitted
	 * the request and allowed responses carry no fields.
	 * @param limits the request's decisions
	 * @param retryAfterSeconds the {@code Retry-After} of a rejection that waits (see
	 * {@link #retryAfterSeconds(Decision)}), 0 for none
	 * @return the fields
	 */
	public HttpHeaders fieldsFor(RequestRateLimits limits, long retryAfterSeconds) {
		HttpHeaders headers = new HttpHeaders();
		List<Applied> applied = limits.applied();
		List<InFlight> inFlight = limits.inFlight();
		Applied rejecting = applied.stream().filter(Applied::rejecting).reduce((first, last) -> last).orElse(null);
		InFlight inFlightRejecting = inFlight.stream()
			.filter(InFlight::rejecting)
			.reduce((first, last) -> last)
			.orElse(null);
		boolean denied = applied.stream().anyMatch((decided) -> !decided.decision().allowed())
				|| inFlight.stream().anyMatch((decided) -> !decided.decision().allowed());
		if ((applied.isEmpty() && inFlight.isEmpty()) || (!denied && !this.onAllowed)) {
			return headers;
		}
		if (this.legacy) {
			if (inFlightRejecting != null || applied.isEmpty()) {
				InFlight deciding = (inFlightRejecting != null) ? inFlightRejecting
						: inFlight.stream()
							.min(Comparator.comparingLong((decided) -> decided.decision().remaining()))
							.orElseThrow();
				headers.set(LIMIT, Long.toString(deciding.decision().limit().limit()));
				headers.set(REMAINING, Long.toString(deciding.decision().remaining()));
				headers.set(RESET, Long.toString((inFlightRejecting != null) ? retryAfterSeconds : 0));
			}
			else {
				LimitOutcome deciding = mostRestrictive(applied, rejecting);
				headers.set(LIMIT, Long.toString(deciding.spec().burst()));
				headers.set(REMAINING, Long.toString(deciding.remaining()));
				headers.set(RESET, Long.toString(seconds(deciding.resetAfter())));
			}
		}
		if (this.draft) {
			List<List<String>> names = limits.policyNames();
			StringJoiner policy = new StringJoiner(", ");
			StringJoiner state = new StringJoiner(", ");
			for (int i = 0; i < applied.size(); i++) {
				Applied decided = applied.get(i);
				List<LimitOutcome> outcomes = decided.decision().outcomes();
				for (int j = 0; j < outcomes.size(); j++) {
					LimitOutcome outcome = outcomes.get(j);
					String name = quote(names.get(i).get(j));
					policy.add(name + ";q=" + outcome.spec().burst() + ";w=" + outcome.windowSeconds());
					state.add(name + ";r=" + outcome.remaining() + ";t=" + resetSeconds(decided, outcome));
				}
			}
			List<String> inFlightNames = names.get(applied.size());
			for (int i = 0; i < inFlight.size(); i++) {
				String name = quote(inFlightNames.get(i));
				policy.add(name + ";q=" + inFlight.get(i).decision().limit().limit() + ";qu=\"concurrent-requests\"");
				state.add(name + ";r=" + inFlight.get(i).decision().remaining());
			}
			headers.set(POLICY, policy.toString());
			headers.set(RATE_LIMIT, state.toString());
		}
		if (retryAfterSeconds > 0) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		return headers;
	}

	/**
	 * Return the {@code t} of a limit: for a limit that denied the request the seconds
	 * until it has room for it, at least 1, else the seconds until it is full again.
	 */
	static long resetSeconds(Applied decided, LimitOutcome outcome) {
		if (decided.violated(outcome) && decided.decision().reason() == Decision.Reason.LIMIT_EXCEEDED) {
			return Math.max(1, seconds(outcome.retryAfter()));
		}
		return seconds(outcome.resetAfter());
	}

	private static LimitOutcome mostRestrictive(List<Applied> applied, @Nullable Applied rejecting) {
		if (rejecting != null) {
			return rejecting.decision().deciding();
		}
		return applied.stream()
			.map((decided) -> decided.decision())
			.filter((decision) -> !decision.allowed())
			.reduce((first, last) -> last)
			.orElseGet(() -> applied.stream()
				.map(Applied::decision)
				.min(Comparator.comparingLong(Decision::remaining)
					.thenComparing(Decision::resetAfter, Comparator.reverseOrder()))
				.orElseThrow())
			.deciding();
	}

	/**
	 * Return the Retry-After value of a denial: whole seconds rounded up, at least 1,
	 * plus up to the configured jitter.
	 * @param decision the denial
	 * @return the seconds
	 */
	public long retryAfterSeconds(Decision decision) {
		return withJitter(Math.max(1, seconds(decision.retryAfter())));
	}

	/**
	 * Return the Retry-After value of a request denied by a concurrency limit: 1 second,
	 * plus up to the configured jitter, since a permit frees whenever one of the client's
	 * requests ends.
	 * @return the seconds
	 */
	public long inFlightRetryAfterSeconds() {
		return withJitter(1);
	}

	private long withJitter(long wait) {
		long seconds = wait;
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

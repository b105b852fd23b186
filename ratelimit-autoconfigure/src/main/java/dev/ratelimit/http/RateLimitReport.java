package dev.ratelimit.http;

import java.util.List;

import dev.ratelimit.core.Decision;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * The one report of what the limiter decided for a request, computed once and rendered
 * both by the response fields ({@link RateLimitHeaders}) and by the problem body of a
 * refusal ({@link RateLimitProblems}): every limit of every tier that applied, the most
 * restrictive of them, the {@code Retry-After} and, for a refusal, who refused and why.
 * All times are {@linkplain dev.ratelimit.core.DeltaSeconds delta-seconds}.
 *
 * @param status {@link HttpStatus#OK} when the request goes on,
 * {@link HttpStatus#TOO_MANY_REQUESTS} or {@link HttpStatus#SERVICE_UNAVAILABLE} when it
 * is refused
 * @param policies every limit that applied, rate limits in the order their tiers applied,
 * then concurrency limits
 * @param standing the most restrictive limit, or {@code null} when none applied (a
 * fail-closed refusal)
 * @param retryAfterSeconds the {@code Retry-After} of a refusal that waits, jitter
 * included, 0 for none
 * @param denied whether any limit denied the request, in shadow mode too, so that the
 * fields go out even where allowed responses carry none
 * @param refusal who refused the request and why, {@code null} when it goes on
 */
public record RateLimitReport(HttpStatus status, List<Policy> policies, @Nullable Standing standing,
		long retryAfterSeconds, boolean denied, @Nullable Refusal refusal) {

	/**
	 * Return whether the request is refused.
	 * @return whether it is
	 */
	public boolean refused() {
		return this.refusal != null;
	}

	/**
	 * One limit as it stands for the request.
	 *
	 * @param name the policy name: the limit's own when one tier and client applied, else
	 * {@code tier.limit}, with {@code #2}, {@code #3} added to a repeated name
	 * @param quotedName the name as a structured-field string
	 * @param policyItem the member of the {@code RateLimit-Policy} field, constant for a
	 * tier's limit
	 * @param quota the {@code q}: the burst, or the requests in flight at once
	 * @param windowSeconds the {@code w}; 0 for a concurrency limit, which has none
	 * @param remaining the {@code r}: units, or permits, left
	 * @param resetSeconds the {@code t}: for a limit that denied the request the time
	 * until it has room for it, else until it is full again; 0 for a concurrency limit
	 * @param violated whether the limit refused the request
	 * @param concurrent whether it limits the requests in flight rather than a rate
	 */
	public record Policy(String name, String quotedName, String policyItem, long quota, long windowSeconds,
			long remaining, long resetSeconds, boolean violated, boolean concurrent) {

	}

	/**
	 * The limit the legacy {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset}
	 * fields describe.
	 *
	 * @param limit its quota
	 * @param remaining its units left
	 * @param resetSeconds the seconds until it is full again, or for a concurrency limit
	 * that denied, the {@code Retry-After}
	 */
	public record Standing(long limit, long remaining, long resetSeconds) {

	}

	/**
	 * Who refused a request and why.
	 *
	 * @param tier the tier that refused
	 * @param limit the limit that refused, {@code null} for a fail-closed refusal
	 * @param reason {@code limit-exceeded}, {@code cost-exceeds-capacity} or
	 * {@code limiter-unavailable}
	 * @param detail the sentence telling the client what happened
	 * @param decision the denial as a decision, {@code null} for a fail-closed refusal
	 */
	public record Refusal(String tier, @Nullable String limit, String reason, String detail,
			@Nullable Decision decision) {

	}

}

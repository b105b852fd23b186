package dev.ratelimit.web;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.TestClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The draft's rule that {@code Retry-After} is not earlier than a violated limit's
 * {@code t}, for every algorithm, several costs and moments, with jitter on.
 */
class RetryAfterNotBeforeResetTests {

	private static final Pattern STATE = Pattern.compile("\"([^\"]+)\";r=(\\d+);t=(\\d+)");

	private final TestClock clock = new TestClock();

	private final LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);

	private final RateLimitHeaders headers = new RateLimitHeaders(true, true, true, Duration.ofSeconds(2));

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void retryAfterIsNeverEarlierThanAViolatedLimitsT(Algorithm algorithm) {
		List<LimitSpec> limits = List.of(LimitSpec.of("short", 5, Duration.ofSeconds(10), algorithm),
				LimitSpec.of("long", 8, Duration.ofMinutes(10), algorithm));
		int denials = 0;
		for (int step = 0; step < 400; step++) {
			long cost = 1 + step % 3;
			Decision decision = this.limiter.decide("k", limits, cost);
			if (!decision.allowed() && decision.reason() == Decision.Reason.LIMIT_EXCEEDED) {
				denials++;
				HttpHeaders fields = this.headers.fieldsFor(decision);
				long retryAfter = Long.parseLong(fields.getFirst(HttpHeaders.RETRY_AFTER));
				Matcher state = STATE.matcher(fields.getFirst(RateLimitHeaders.RATE_LIMIT));
				int i = 0;
				while (state.find()) {
					if (!decision.outcomes().get(i++).fits()) {
						assertThat(retryAfter).as("%s at step %d", state.group(1), step)
							.isGreaterThanOrEqualTo(Long.parseLong(state.group(3)));
					}
				}
			}
			this.clock.advance(Duration.ofMillis(700));
		}
		assertThat(denials).isGreaterThan(50);
	}

}

package dev.ratelimit.web;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.TestClock;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	private static final LimitSpec PER_MINUTE = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 2);

	private final TestClock clock = new TestClock();

	private final LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);

	@Test
	void legacyFamilyCanBeSwitchedOff() {
		HttpHeaders headers = new RateLimitHeaders(false, true, true, Duration.ZERO).fieldsFor(decide());
		assertThat(headers.headerNames()).containsExactlyInAnyOrder("RateLimit-Policy", "RateLimit");
	}

	@Test
	void draftFamilyCanBeSwitchedOff() {
		HttpHeaders headers = new RateLimitHeaders(true, false, true, Duration.ZERO).fieldsFor(decide());
		assertThat(headers.headerNames()).containsExactlyInAnyOrder("RateLimit-Limit", "RateLimit-Remaining",
				"RateLimit-Reset");
	}

	@Test
	void allowedResponsesCanGoWithoutFields() {
		RateLimitHeaders writer = new RateLimitHeaders(true, true, false, Duration.ZERO);
		assertThat(writer.fieldsFor(decide()).isEmpty()).isTrue();
		decide();
		assertThat(writer.fieldsFor(decide()).getFirst("Retry-After")).isEqualTo("1");
	}

	@Test
	void retryAfterIsRoundedUpToAtLeastOneSecond() {
		RateLimitHeaders writer = new RateLimitHeaders(true, true, true, Duration.ZERO);
		decide();
		decide();
		this.clock.advance(Duration.ofMillis(999));
		Decision denied = decide();
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(1));
		assertThat(writer.fieldsFor(denied).getFirst("Retry-After")).isEqualTo("1");
		assertThat(writer.fieldsFor(denied).getFirst("RateLimit-Reset")).isEqualTo("2");
	}

	@Test
	void jitterSpreadsRetryAfterWithinItsBound() {
		RateLimitHeaders writer = new RateLimitHeaders(true, true, true, Duration.ofSeconds(3));
		decide();
		decide();
		Decision denied = decide();
		java.util.Set<Long> seen = new java.util.TreeSet<>();
		for (int i = 0; i < 500; i++) {
			seen.add(writer.retryAfterSeconds(denied));
		}
		assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
	}

	private Decision decide() {
		return this.limiter.decide("k", List.of(PER_MINUTE), 1);
	}

}

package dev.ratelimit.web;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.TestClock;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	private static final LimitSpec PER_MINUTE = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 2);

	private final TestClock clock = new TestClock();

	private final LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);

	@Test
	void aConcurrencyLimitBesideAnotherTiersRatesIsNamedByItsTierAndKeepsTheRatesLegacyFields() {
		RequestRateLimits limits = new RequestRateLimits();
		limits.record("free-key", "free", 1, decide(), false);
		ConcurrencyLimit inFlight = new ConcurrencyLimit("in-flight", 3, Duration.ofMinutes(1));
		limits.recordInFlight("export-key", "export", new PermitDecision(inFlight, true, 1), false, null);
		HttpHeaders headers = new RateLimitHeaders(true, true, true, Duration.ZERO).fieldsFor(limits, 0);
		assertThat(headers.getFirst("RateLimit-Policy"))
			.isEqualTo("\"free.per-minute\";q=2;w=2, \"export.in-flight\";q=3;qu=\"concurrent-requests\"");
		assertThat(headers.getFirst("RateLimit")).isEqualTo("\"free.per-minute\";r=1;t=1, \"export.in-flight\";r=2");
		assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("2");
		assertThat(headers.getFirst("RateLimit-Remaining")).isEqualTo("1");
	}

	@Test
	void aConcurrencyDenialGivesTheLegacyFieldsAndOneSecondToRetry() {
		RequestRateLimits limits = new RequestRateLimits();
		limits.record("export-key", "export", 1, decide(), false);
		ConcurrencyLimit inFlight = new ConcurrencyLimit("in-flight", 3, Duration.ofMinutes(1));
		limits.recordInFlight("export-key", "export", new PermitDecision(inFlight, false, 3), true, null);
		RateLimitHeaders writer = new RateLimitHeaders(true, true, true, Duration.ZERO);
		HttpHeaders headers = writer.fieldsFor(limits, writer.inFlightRetryAfterSeconds());
		assertThat(headers.getFirst("RateLimit-Policy"))
			.isEqualTo("\"per-minute\";q=2;w=2, \"in-flight\";q=3;qu=\"concurrent-requests\"");
		assertThat(headers.getFirst("RateLimit")).isEqualTo("\"per-minute\";r=1;t=1, \"in-flight\";r=0");
		assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("3");
		assertThat(headers.getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(headers.getFirst("RateLimit-Reset")).isEqualTo("1");
		assertThat(headers.getFirst("Retry-After")).isEqualTo("1");
	}

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

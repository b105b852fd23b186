package dev.ratelimit.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.TestClock;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitProblemsTests {

	private final LocalRateLimiter limiter = new LocalRateLimiter(new TestClock(), 100);

	@Test
	void failClosedRefusalIsATemporaryReducedCapacityProblem() {
		ProblemDetail body = new RateLimitUnavailableException("login", 5, "/login").getBody();
		assertThat(body.getType())
			.isEqualTo(URI.create("https://iana.org/assignments/http-problem-types#temporary-reduced-capacity"));
		assertThat(body.getStatus()).isEqualTo(503);
		assertThat(body.getProperties()).containsEntry("retryAfter", 5L).containsEntry("tier", "login");
	}

	@Test
	void everyViolatedLimitOfTheDenyingTierIsAViolatedPolicy() {
		List<LimitSpec> limits = List.of(LimitSpec.of("per-minute", 2, Duration.ofMinutes(1)),
				LimitSpec.of("per-day", 2, Duration.ofDays(1)), LimitSpec.of("per-month", 100, Duration.ofDays(30)));
		this.limiter.decide("k", limits, 2);
		Decision denied = this.limiter.decide("k", limits, 1);
		RequestRateLimits limitsOfRequest = new RequestRateLimits();
		limitsOfRequest.record("free:k", "free", 0, denied, true);
		ProblemDetail body = RateLimitProblems.quotaExceeded(limitsOfRequest, 43200, "/api");
		assertThat(body.getType())
			.isEqualTo(URI.create("https://iana.org/assignments/http-problem-types#quota-exceeded"));
		assertThat(body.getProperties()).containsEntry("violated-policies", List.of("per-minute", "per-day"))
			.containsEntry("limit", "per-day")
			.containsEntry("retryAfter", 43200L);
	}

	@Test
	void costBeyondEveryBurstViolatesTheLimitItExceeds() {
		List<LimitSpec> limits = List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1)),
				LimitSpec.of("per-second", 2, Duration.ofSeconds(1)));
		Decision denied = this.limiter.decide("k", limits, 3);
		RequestRateLimits limitsOfRequest = new RequestRateLimits();
		limitsOfRequest.record("free:k", "free", 0, denied, true);
		ProblemDetail body = RateLimitProblems.quotaExceeded(limitsOfRequest, 0, "/api");
		assertThat(body.getProperties()).containsEntry("violated-policies", List.of("per-second"))
			.containsEntry("reason", "cost-exceeds-capacity");
	}

}

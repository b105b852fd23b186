package dev.ratelimit.http;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitProblemsTests {

	@Test
	void everyViolatedLimitOfTheDenyingTierIsAViolatedPolicy() {
		Tier free = TestTiers.of("free", List.of(LimitSpec.of("per-minute", 2, Duration.ofMinutes(1)),
				LimitSpec.of("per-day", 2, Duration.ofDays(1)), LimitSpec.of("per-month", 100, Duration.ofDays(30))));
		Requests requests = new Requests(free);
		requests.run(new ClientPart(free, "token", "free:k", 2));
		ProblemDetail body = RateLimitProblems.of(requests.run(new ClientPart(free, "token", "free:k", 1)), "/api");
		assertThat(body.getType()).isEqualTo(RateLimitProblems.QUOTA_EXCEEDED);
		assertThat(body.getProperties()).containsEntry("violated-policies", List.of("per-minute", "per-day"))
			.containsEntry("limit", "per-day")
			.containsEntry("retryAfter", 43200L);
	}

	@Test
	void costBeyondEveryBurstViolatesTheLimitItExceeds() {
		Tier free = TestTiers.of("free", List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1)),
				LimitSpec.of("per-second", 2, Duration.ofSeconds(1))));
		ProblemDetail body = RateLimitProblems.of(new Requests(free).run(new ClientPart(free, "token", "free:k", 3)),
				"/api");
		assertThat(body.getProperties()).containsEntry("violated-policies", List.of("per-second"))
			.containsEntry("reason", "cost-exceeds-capacity")
			.doesNotContainKey("retryAfter");
		assertThat(body.getDetail()).isEqualTo(
				"This request costs more than limit 'per-second' of tier 'free' can ever hold (2); it cannot be admitted.");
	}

}

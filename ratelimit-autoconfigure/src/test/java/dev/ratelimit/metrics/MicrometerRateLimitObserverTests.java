package dev.ratelimit.metrics;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerRateLimitObserverTests {

	private static final LimitSpec PER_MINUTE = LimitSpec.of("per-minute", 100, Duration.ofMinutes(1));

	private static final LimitSpec PER_DAY = LimitSpec.of("per-day", 1000, Duration.ofDays(1));

	private static final Tier FREE = TestTiers.of("free", List.of(PER_MINUTE, PER_DAY));

	private static final Tier PAID = TestTiers.of("paid", List.of(PER_MINUTE));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerRateLimitObserver observer = new MicrometerRateLimitObserver(this.registry);

	@Test
	void countsEveryDecisionUnderItsTierDecidingLimitAndOutcome() {
		for (int i = 0; i < 3; i++) {
			this.observer.decided(FREE, Outcome.ALLOWED, allowed(50, 900));
		}
		this.observer.decided(FREE, Outcome.ALLOWED, allowed(90, 10));
		this.observer.decided(FREE, Outcome.DENIED, denied());
		this.observer.decided(PAID, Outcome.ALLOWED, allowed(50, 900));
		this.observer.decided(FREE, Outcome.FALLBACK_ALLOWED, null);
		this.observer.decided(FREE, Outcome.FALLBACK_ALLOWED, null);
		assertThat(requests("free", "per-minute", "allowed")).isEqualTo(3);
		assertThat(requests("free", "per-day", "allowed")).isEqualTo(1);
		assertThat(requests("free", "per-minute", "denied")).isEqualTo(1);
		assertThat(requests("paid", "per-minute", "allowed")).isEqualTo(1);
		assertThat(requests("free", "none", "fallback_allowed")).isEqualTo(2);
	}

	@Test
	void registersOnlyTheOutcomesThatOccurred() {
		this.observer.decided(FREE, Outcome.ALLOWED, allowed(50, 900));
		this.observer.decided(FREE, Outcome.ALLOWED, allowed(50, 900));
		assertThat(this.registry.find(MicrometerRateLimitObserver.REQUESTS).counters()).hasSize(1);
		assertThat(this.registry.find(MicrometerRateLimitObserver.NEAR_LIMIT).counters()).isEmpty();
	}

	@Test
	void countsAdmissionsThatLeftLessThanAFifthOfTheDecidingLimit() {
		this.observer.decided(FREE, Outcome.ALLOWED, allowed(20, 900));
		this.observer.decided(FREE, Outcome.ALLOWED, allowed(19, 900));
		this.observer.decided(FREE, Outcome.ALLOWED, allowed(0, 900));
		this.observer.decided(FREE, Outcome.DENIED, denied());
		Counter nearLimit = this.registry.get(MicrometerRateLimitObserver.NEAR_LIMIT)
			.tag("tier", "free")
			.tag("limit", "per-minute")
			.counter();
		assertThat(nearLimit.count()).isEqualTo(2);
	}

	@Test
	void timesBackendCallsBySuccess() {
		this.observer.backendCall(Duration.ofMillis(2), true);
		this.observer.backendCall(Duration.ofMillis(4), true);
		this.observer.backendCall(Duration.ofMillis(100), false);
		assertThat(
				this.registry.get(MicrometerRateLimitObserver.BACKEND_LATENCY).tag("result", "success").timer().count())
			.isEqualTo(2);
		assertThat(
				this.registry.get(MicrometerRateLimitObserver.BACKEND_LATENCY).tag("result", "failure").timer().count())
			.isEqualTo(1);
	}

	private double requests(String tier, String limit, String outcome) {
		return this.registry.get(MicrometerRateLimitObserver.REQUESTS)
			.tag("tier", tier)
			.tag("limit", limit)
			.tag("outcome", outcome)
			.counter()
			.count();
	}

	private static Decision allowed(long perMinuteLeft, long perDayLeft) {
		return Decision.of(true, List.of(new LimitOutcome(PER_MINUTE, perMinuteLeft, Duration.ZERO, Duration.ZERO),
				new LimitOutcome(PER_DAY, perDayLeft, Duration.ZERO, Duration.ZERO)));
	}

	private static Decision denied() {
		return Decision.of(false, List.of(new LimitOutcome(PER_MINUTE, 0, Duration.ofSeconds(1), Duration.ofSeconds(1)),
				new LimitOutcome(PER_DAY, 500, Duration.ZERO, Duration.ZERO)));
	}

}

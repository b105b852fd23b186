package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Units the local fallback admitted stay owed as long as their limits take to refill in
 * full since the last of them, on the fallback's clock: a long-period limit's units are
 * still charged after a long outage, a short limit's go once charging them would only put
 * the client in debt.
 */
class OwedUnitsTests {

	private static final LimitSpec PER_MINUTE = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));

	private static final LimitSpec PER_MONTH = LimitSpec.of("per-month", 1000, Duration.ofDays(30));

	private final TestClock clock = new TestClock();

	private final LocalFallback fallback = new LocalFallback(this.clock, 100, Fleet.of(1));

	private final Partition partition = new Partition("", CircuitBreaker.ofDefaults("owed"), this.fallback::newLimiter,
			RateLimitObserver.NONE, (answered) -> {
			});

	@Test
	void unitsOfAMonthlyLimitAreStillOwedAfterAnOutageOfDays() {
		assertThat(this.fallback.decide(this.partition, new DecisionRequest("client", List.of(PER_MONTH), 3)).allowed())
			.isTrue();
		this.clock.advance(Duration.ofDays(3));
		assertThat(this.fallback.owed("client")).isEqualTo(3);
	}

	@Test
	void unitsOfAMinuteLimitAreOwedUntilItHasRefilledInFullSinceTheLastOfThem() {
		this.fallback.decide(this.partition, new DecisionRequest("client", List.of(PER_MINUTE), 2));
		this.clock.advance(Duration.ofMinutes(1));
		this.fallback.decide(this.partition, new DecisionRequest("client", List.of(PER_MINUTE), 1));
		this.clock.advance(Duration.ofMinutes(2).minusNanos(1000));
		assertThat(this.fallback.owed("client")).isEqualTo(3);
		this.clock.advance(Duration.ofNanos(1000));
		assertThat(this.fallback.owed("client")).isZero();
	}

}

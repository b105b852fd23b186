package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link RateLimiter} implementation shares, with time under the
 * test's control. Subclasses run it against the Lua script and the local twin. The token
 * bucket's part is here; the other algorithms' parts, calendar periods, the compound
 * quotas, leasing, peek and reset come from the test interfaces this class implements.
 */
public abstract class RateLimiterContractTests
		implements SlidingWindowLogContract, FixedWindowContract, GcraContract, CompoundQuotaContract, LeaseContract,
		PeekResetContract, SlidingWindowCounterContract, CalendarWindowContract, RefundContract {

	protected final TestClock clock = new TestClock();

	private RateLimiter limiter;

	private String key;

	protected abstract RateLimiter createLimiter(MicrosClock clock);

	@BeforeEach
	void setUp() {
		this.limiter = createLimiter(this.clock);
		this.key = "client-" + UUID.randomUUID();
	}

	@Override
	public RateLimiter limiter() {
		return this.limiter;
	}

	@Override
	public TestClock clock() {
		return this.clock;
	}

	@Override
	public String key() {
		return this.key;
	}

	@Test
	void burstIsAdmittedExactlyThenDenied() {
		LimitSpec limit = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 5);
		for (int i = 4; i >= 0; i--) {
			Decision decision = decide(1, limit);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.remaining()).isEqualTo(i);
		}
		Decision denied = decide(1, limit);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.reason()).isEqualTo(Decision.Reason.LIMIT_EXCEEDED);
		assertThat(denied.remaining()).isZero();
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(denied.resetAfter()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void refillReturnsExactlyTheElapsedTokens() {
		LimitSpec limit = LimitSpec.of("per-second", 5, Duration.ofSeconds(1));
		for (int i = 0; i < 5; i++) {
			assertThat(decide(1, limit).allowed()).isTrue();
		}
		assertThat(decide(1, limit).allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(399));
		assertThat(decide(1, limit).allowed()).isTrue();
		assertThat(decide(1, limit).allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		Decision second = decide(1, limit);
		assertThat(second.allowed()).isTrue();
		assertThat(second.remaining()).isZero();
		assertThat(decide(1, limit).retryAfter()).isEqualTo(Duration.ofMillis(200));
		this.clock.advance(Duration.ofHours(1));
		assertThat(decide(1, limit).remaining()).isEqualTo(4);
	}

	@Test
	void fractionalRatesStayExact() {
		LimitSpec limit = LimitSpec.of("per-minute", 7, Duration.ofMinutes(1));
		int admitted = 0;
		for (int second = 0; second < 600; second++) {
			if (decide(1, limit).allowed()) {
				admitted++;
			}
			this.clock.advance(Duration.ofSeconds(1));
		}
		// 7 at once plus 7/60 per second for 599 seconds: 7 + floor(69.88); tokens land
		// exactly on every whole minute, where float drift would lose one
		assertThat(admitted).isEqualTo(76);
	}

	@Test
	void deniedLimitConsumesNothingFromTheOthers() {
		LimitSpec perSecond = LimitSpec.of("per-second", 3, Duration.ofSeconds(1));
		LimitSpec perDay = LimitSpec.of("per-day", 8, Duration.ofDays(1));
		int admitted = 0;
		for (int round = 0; round < 4; round++) {
			for (int i = 0; i < 10; i++) {
				Decision decision = decide(1, perSecond, perDay);
				if (decision.allowed()) {
					admitted++;
				}
				else {
					long dailyLeft = decision.outcomes().get(1).remaining();
					assertThat(dailyLeft).isEqualTo(8 - admitted);
				}
			}
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(admitted).isEqualTo(8);
		Decision denied = decide(1, perSecond, perDay);
		assertThat(denied.deciding().spec()).isEqualTo(perDay);
		assertThat(denied.outcomes().get(0).remaining()).isEqualTo(3);
	}

	@Test
	void deciderIsTheLimitWithFewestUnitsLeftWhenAllowed() {
		LimitSpec perSecond = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		LimitSpec perDay = LimitSpec.of("per-day", 3, Duration.ofDays(1));
		Decision decision = decide(1, perSecond, perDay);
		assertThat(decision.deciding().spec()).isEqualTo(perDay);
		assertThat(decision.remaining()).isEqualTo(2);
		assertThat(decision.limit()).isEqualTo(3);
	}

	@Test
	void costIsTakenFromEveryLimit() {
		LimitSpec limit = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));
		assertThat(decide(4, limit).remaining()).isEqualTo(6);
		assertThat(decide(4, limit).remaining()).isEqualTo(2);
		Decision denied = decide(4, limit);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.remaining()).isEqualTo(2);
		assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void costAboveCapacityIsDeniedWithAFiniteAnswer() {
		LimitSpec limit = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1), 5);
		Decision decision = decide(6, limit);
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.reason()).isEqualTo(Decision.Reason.COST_EXCEEDS_CAPACITY);
		assertThat(decision.retryAfter()).isEqualTo(Duration.ZERO);
		assertThat(decide(5, limit).allowed()).isTrue();
	}

	@Test
	void keysAreCountedSeparately() {
		LimitSpec limit = LimitSpec.of("per-minute", 1, Duration.ofMinutes(1));
		assertThat(this.limiter.decide("a-" + this.key, List.of(limit), 1).allowed()).isTrue();
		assertThat(this.limiter.decide("a-" + this.key, List.of(limit), 1).allowed()).isFalse();
		assertThat(this.limiter.decide("b-" + this.key, List.of(limit), 1).allowed()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void parallelAcquisitionsAdmitExactlyTheBurst(Algorithm algorithm) throws Exception {
		LimitSpec limit = algorithm.hasBurst() ? new LimitSpec("burst", 1, Duration.ofHours(1), 50, algorithm)
				: LimitSpec.of("burst", 50, Duration.ofHours(1), algorithm);
		assertThat(Parallel.count(200, 32, () -> decide(1, limit).allowed())).isEqualTo(50);
	}

}

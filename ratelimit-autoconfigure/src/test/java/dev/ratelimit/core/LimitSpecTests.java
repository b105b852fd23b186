package dev.ratelimit.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LimitSpecTests {

	@Test
	void rejectsNonPositiveLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 0, Duration.ofSeconds(1)))
			.withMessage("Limit 'x': limit must be at least 1 but was 0");
	}

	@Test
	void rejectsNonPositivePeriod() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ZERO))
			.withMessage("Limit 'x': period must be positive but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofSeconds(-1)))
			.withMessageContaining("period must be positive but was PT-1S");
	}

	@Test
	void rejectsBurstBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofSeconds(1), 0))
			.withMessage("Limit 'x': burst must be at least 1 but was 0");
	}

	@Test
	void rejectsCapacityBeyondExactArithmetic() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LimitSpec.of("x", 1, Duration.ofDays(365), 1_000_000))
			.withMessageContaining("burst 1000000 over period PT8760H is too large");
	}

	@Test
	void windowIsTheTimeToFillAnEmptyBucket() {
		assertThat(LimitSpec.of("m", 60, Duration.ofMinutes(1)).windowSeconds()).isEqualTo(60);
		assertThat(LimitSpec.of("m", 600, Duration.ofMinutes(1), 1000).windowSeconds()).isEqualTo(100);
		assertThat(LimitSpec.of("m", 1000, Duration.ofMillis(1), 1).windowSeconds()).isEqualTo(1);
	}

	@Test
	void algorithmIsFoundByItsConfigurationName() {
		assertThat(Algorithm.fromId("token-bucket")).isEqualTo(Algorithm.TOKEN_BUCKET);
		assertThat(Algorithm.fromId("TOKEN_BUCKET")).isEqualTo(Algorithm.TOKEN_BUCKET);
		assertThatIllegalArgumentException().isThrownBy(() -> Algorithm.fromId("leaky"))
			.withMessage("Unknown algorithm 'leaky'; expected one of token-bucket");
	}

}

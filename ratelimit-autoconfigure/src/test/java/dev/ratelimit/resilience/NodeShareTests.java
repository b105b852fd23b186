package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.LimitSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's share of limits at the edges of the valid range.
 */
class NodeShareTests {

	private static final LimitSpec EDGE = new LimitSpec("yearly", 3, Duration.ofDays(366), 299, Algorithm.TOKEN_BUCKET);

	@Test
	void aShareOfALimitAtTheRangesEdgeIsAValidLimit() {
		// a third of the rate with a third of the burst would take 100 years and 75 days
		// to refill: the burst is lowered to what refills within 100 years
		LimitSpec share = new NodeShare(() -> 3).of(List.of(EDGE), 1).get(0);
		assertThat(share.limit()).isEqualTo(1);
		assertThat(share.burst()).isEqualTo(99);
	}

	@Test
	void aShareRaisedToACostAtTheRangesEdgeIsAValidLimit() {
		LimitSpec share = new NodeShare(() -> 3).of(List.of(EDGE), 299).get(0);
		assertThat(share.burst()).isEqualTo(299);
		assertThat(share.limit()).isEqualTo(3);
	}

	@Test
	void aShareRaisedToACostKeepsTheShareRateWhereItRefillsInTime() {
		LimitSpec share = new NodeShare(() -> 3).of(List.of(LimitSpec.of("hourly", 9, Duration.ofHours(1), 9)), 5)
			.get(0);
		assertThat(share.limit()).isEqualTo(3);
		assertThat(share.burst()).isEqualTo(5);
	}

	@Test
	void aWindowShareRaisedToACostAdmitsTheCostPerWindow() {
		LimitSpec share = new NodeShare(() -> 3)
			.of(List.of(LimitSpec.of("daily", 9, Duration.ofDays(1), Algorithm.FIXED_WINDOW)), 5)
			.get(0);
		assertThat(share.limit()).isEqualTo(5);
		assertThat(share.burst()).isEqualTo(5);
	}

	@Test
	void theShareFollowsTheFleetSize() {
		int[] nodes = { 1 };
		NodeShare share = new NodeShare(() -> nodes[0]);
		List<LimitSpec> limits = List.of(LimitSpec.of("hourly", 9, Duration.ofHours(1)));
		assertThat(share.of(limits, 1).get(0).limit()).isEqualTo(9);
		nodes[0] = 3;
		assertThat(share.of(limits, 1).get(0).limit()).isEqualTo(3);
	}

}

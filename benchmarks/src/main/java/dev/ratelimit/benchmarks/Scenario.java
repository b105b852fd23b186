package dev.ratelimit.benchmarks;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What the callers ask for: which keys, under which limit.
 */
enum Scenario {

	/** Every decision on one key that is mostly denied. */
	HOT_KEY(BenchLimit.MOSTLY_DENIED) {
		@Override
		int next(KeySpace keys) {
			return 0;
		}

		@Override
		String label(KeySpace keys) {
			return "1 hot key";
		}
	},

	/** Decisions spread uniformly over the many keys, mostly admitted. */
	MANY_KEYS(BenchLimit.MOSTLY_DENIED) {
		@Override
		int next(KeySpace keys) {
			return 1 + ThreadLocalRandom.current().nextInt(keys.size() - 1);
		}

		@Override
		String label(KeySpace keys) {
			return String.format("%,d keys", keys.size() - 1);
		}
	},

	/**
	 * Every decision on one key whose limit admits nearly all of them, so that every
	 * decision writes: where compare-and-swap limiters collide. Opt-in.
	 */
	HOT_KEY_ADMITTED(BenchLimit.MOSTLY_ADMITTED) {
		@Override
		int next(KeySpace keys) {
			return 0;
		}

		@Override
		String label(KeySpace keys) {
			return "1 hot key, mostly admitted";
		}

		@Override
		boolean optIn() {
			return true;
		}
	};

	private final BenchLimit limit;

	Scenario(BenchLimit limit) {
		this.limit = limit;
	}

	/**
	 * Pick the key of a caller's next decision.
	 * @param keys the key space
	 * @return the key's index
	 */
	abstract int next(KeySpace keys);

	/**
	 * Return the scenario's label for the report.
	 * @param keys the key space
	 * @return the label
	 */
	abstract String label(KeySpace keys);

	/**
	 * Return the limit the contenders enforce in this scenario.
	 * @return the limit
	 */
	BenchLimit limit() {
		return this.limit;
	}

	/**
	 * Return whether the scenario runs only when asked for with {@code --scenarios}.
	 * @return whether it is opt-in
	 */
	boolean optIn() {
		return false;
	}

}

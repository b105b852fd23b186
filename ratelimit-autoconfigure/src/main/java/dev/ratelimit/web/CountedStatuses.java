package dev.ratelimit.web;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The response statuses a tier charges for: listed one by one ({@code 401}) or by class
 * ({@code 4xx}), every status when none is listed; a server error (5xx) is not charged
 * when the tier refunds server errors.
 */
public final class CountedStatuses {

	private final BitSet counted = new BitSet(600);

	private final boolean every;

	private CountedStatuses(boolean every) {
		this.every = every;
	}

	/**
	 * Parse a tier's counted statuses.
	 * @param statuses the statuses, each a code from 100 to 599 or a class from
	 * {@code 1xx} to {@code 5xx}; empty for every status
	 * @param refundServerErrors whether a server error is never charged
	 * @return the statuses
	 * @throws InvalidStatusException naming the entry that is not a status, or one that
	 * names a server error the tier refunds
	 */
	public static CountedStatuses of(List<String> statuses, boolean refundServerErrors) {
		CountedStatuses parsed = new CountedStatuses(statuses.isEmpty());
		if (parsed.every) {
			parsed.counted.set(100, 600);
		}
		for (int i = 0; i < statuses.size(); i++) {
			String entry = String.valueOf(statuses.get(i)).trim().toLowerCase(Locale.ROOT);
			int from;
			int to;
			if (entry.matches("[1-5]xx")) {
				from = (entry.charAt(0) - '0') * 100;
				to = from + 100;
			}
			else if (entry.matches("[1-5][0-9][0-9]")) {
				from = Integer.parseInt(entry);
				to = from + 1;
			}
			else {
				throw new InvalidStatusException(i, "is neither a status from 100 to 599 nor a class such as 4xx");
			}
			if (refundServerErrors && from >= 500) {
				throw new InvalidStatusException(i, "is a server error, which the tier refunds (refund-server-errors)");
			}
			parsed.counted.set(from, to);
		}
		if (refundServerErrors) {
			parsed.counted.clear(500, 600);
		}
		return parsed;
	}

	/**
	 * Return whether a response of this status is charged.
	 * @param status the status the client received
	 * @return whether it is charged
	 */
	public boolean counts(int status) {
		if (status < 100 || status >= 600) {
			return this.every;
		}
		return this.counted.get(status);
	}

	/**
	 * Return whether every status is charged.
	 * @return whether no status is refunded
	 */
	public boolean countsEvery() {
		return this.every && this.counted.cardinality() == 500;
	}

	/**
	 * A counted status that is invalid, by its index in the list.
	 */
	public static final class InvalidStatusException extends IllegalArgumentException {

		private final int index;

		InvalidStatusException(int index, String reason) {
			super(reason);
			this.index = index;
		}

		/**
		 * Return the index of the entry in the list.
		 * @return the index
		 */
		public int index() {
			return this.index;
		}

	}

}

package dev.ratelimit.web;

import java.time.Duration;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/**
 * One limit of a plan built at runtime, such as a customer's contract read from a
 * database: the same values as a {@code ratelimit.tiers.<tier>.limits.<name>} entry, not
 * yet validated. {@link RuntimePlans} validates it exactly as it validates the configured
 * limits. A limit has either a {@code period} of fixed length or a {@code calendar}
 * period in the customer's own {@code zone}.
 *
 * @param name the limit's name, such as {@code per-day}: letters, digits, {@code .},
 * {@code _} or {@code -}, at most 64 characters; the client's state is kept under it, so
 * a plan change that keeps the name keeps the state
 * @param limit the units granted per period
 * @param period the period, or {@code null} for a calendar period
 * @param burst the units available at once, or {@code null} for the limit
 * @param algorithm the algorithm's id, such as {@code token-bucket}; {@code null} for a
 * calendar period, which is a {@code fixed-window}
 * @param calendar the calendar period, {@code calendar-day}, {@code calendar-week},
 * {@code calendar-month} or {@code calendar-year}, or {@code null} for a fixed period
 * @param zone the zone whose midnights bound a calendar period, or {@code null} for UTC
 */
public record PlanLimit(String name, long limit, @Nullable Duration period, @Nullable Long burst,
		@Nullable String algorithm, @Nullable String calendar, @Nullable ZoneId zone) {

	/**
	 * Create a token-bucket limit whose burst equals its limit.
	 * @param name the limit's name
	 * @param limit the units granted per period
	 * @param period the period
	 * @return the limit
	 */
	public static PlanLimit of(String name, long limit, Duration period) {
		return new PlanLimit(name, limit, period, null, "token-bucket", null, null);
	}

	/**
	 * Create a limit of a number of units per calendar period in a zone, such as a
	 * monthly quota renewed at midnight on the 1st in the customer's time zone.
	 * @param name the limit's name
	 * @param limit the units granted per calendar period
	 * @param calendar the calendar period, such as {@code calendar-month}
	 * @param zone the customer's zone
	 * @return the limit
	 */
	public static PlanLimit calendar(String name, long limit, String calendar, ZoneId zone) {
		return new PlanLimit(name, limit, null, null, null, calendar, zone);
	}

}

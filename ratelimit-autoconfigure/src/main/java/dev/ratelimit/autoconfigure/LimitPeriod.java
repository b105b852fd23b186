package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.core.CalendarPeriod;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * A limit's configured period: a duration such as {@code 1m}, or a calendar unit such as
 * {@code calendar-month}; bound from text by its {@link #valueOf(String)}.
 */
public final class LimitPeriod {

	private static final String CALENDAR = "calendar-";

	private final @Nullable Duration duration;

	private final CalendarPeriod.@Nullable Unit calendar;

	private LimitPeriod(@Nullable Duration duration, CalendarPeriod.@Nullable Unit calendar) {
		this.duration = duration;
		this.calendar = calendar;
	}

	/**
	 * Return the period a text names: a calendar unit ({@code calendar-day},
	 * {@code calendar-week}, {@code calendar-month}, {@code calendar-year}) or a duration
	 * in any style Spring Boot binds ({@code 1m}, {@code PT1M}, milliseconds).
	 * @param text the text
	 * @return the period
	 * @throws IllegalArgumentException for any other text
	 */
	public static LimitPeriod valueOf(String text) {
		String trimmed = text.trim();
		if (trimmed.startsWith(CALENDAR)) {
			return new LimitPeriod(null, CalendarPeriod.Unit.of(trimmed));
		}
		return new LimitPeriod(DurationStyle.detectAndParse(trimmed), null);
	}

	/**
	 * Return the period's length, or {@code null} for a calendar period.
	 * @return the length
	 */
	public @Nullable Duration getDuration() {
		return this.duration;
	}

	/**
	 * Return the calendar unit, or {@code null} for a period of a fixed length.
	 * @return the unit
	 */
	public CalendarPeriod.@Nullable Unit getCalendar() {
		return this.calendar;
	}

	@Override
	public String toString() {
		return (this.calendar != null) ? this.calendar.id() : String.valueOf(this.duration);
	}

}

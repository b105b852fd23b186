package dev.ratelimit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.CalendarPeriod.Unit;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.redis.LimitsScriptLayout.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of {@code limits.lua}'s arguments: encoded as its header says, and the
 * header and {@link LimitsScriptLayout}'s Javadoc in the same words.
 */
class LimitsScriptLayoutTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Test
	void scriptHeaderAndLayoutClassDescribeTheLayoutInTheSameWords() throws IOException {
		String script = RedisRateLimiter.LIMITS.source();
		String header = script.lines()
			.dropWhile((line) -> !line.startsWith("-- KEYS[i]"))
			.takeWhile((line) -> line.startsWith("--"))
			.map((line) -> line.replaceFirst("^-- ?", ""))
			.takeWhile((line) -> !line.startsWith("Time is Redis's TIME"))
			.collect(Collectors.joining("\n"))
			.strip();
		String javadoc = Files.readString(Path.of("src/main/java/dev/ratelimit/redis/LimitsScriptLayout.java"))
			.lines()
			.dropWhile((line) -> !line.startsWith(" * KEYS[i]"))
			.takeWhile((line) -> !line.startsWith(" * </pre>"))
			.map((line) -> line.replaceFirst("^ \\* ?", ""))
			.collect(Collectors.joining("\n"))
			.strip();
		assertThat(header).startsWith("KEYS[i]").contains("Reply:").isEqualTo(javadoc);
	}

	@Test
	void argumentsAreTheModeCostSizeAndOneRecordPerLimit() {
		List<LimitSpec> limits = List.of(LimitSpec.of("a", 7, Duration.ofMinutes(1), 3),
				LimitSpec.of("b", 1_000_000, Duration.ofDays(1)),
				new LimitSpec("c", 7, Duration.ofMinutes(1), 2, Algorithm.GCRA),
				LimitSpec.of("d", 100_000, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_COUNTER));
		assertThat(strings(LimitsScriptLayout.arguments(Mode.LEASE, 2, 5, limits, 0))).containsExactly("lease", "2",
				"5",
				// 60 s / 7 = 8571428 + 4/7 us; burst 3 refills in 25714285 + 5/7 us
				"token-bucket", "8571428", "4", "7", "25714285", "5",
				// 86,400 us per unit, whole: the gcra record
				"gcra", "86400", "86400000000",
				// rounded up to 8571429 us, tolerance of a burst of 2
				"gcra", "8571429", "17142858", "sliding-window-counter", "100000", "3600000000");
	}

	@Test
	void calendarRecordIsTheLimitAndFourBoundariesAroundTheCallersTime() {
		LimitSpec daily = LimitSpec.calendar("daily", 100, new CalendarPeriod(Unit.DAY, PARIS));
		long now = micros("2027-03-28T12:00:00Z");
		assertThat(strings(LimitsScriptLayout.arguments(Mode.DECIDE, 1, 1, List.of(daily), now))).containsExactly(
				"decide", "1", "1", "calendar-window", "100", String.valueOf(micros("2027-03-26T23:00:00Z")),
				String.valueOf(micros("2027-03-27T23:00:00Z")), String.valueOf(micros("2027-03-28T22:00:00Z")),
				String.valueOf(micros("2027-03-29T22:00:00Z")));
	}

	@Test
	void calendarWindowOfAReplyIsFoundWhileTheClocksDisagree() {
		LimitSpec daily = LimitSpec.calendar("daily", 100, new CalendarPeriod(Unit.DAY, PARIS));
		// Redis decided 10 s before the end of the 23-hour day; this node's clock reads
		// 30 s later or earlier
		List<Object> reply = List.of(1L, 99L, 10_000_000L, 0L);
		for (String now : List.of("2027-03-28T22:00:20Z", "2027-03-28T21:59:20Z")) {
			assertThat(LimitsScriptLayout.decision(List.of(daily), reply, micros(now)).deciding().windowSeconds())
				.as(now)
				.isEqualTo(23 * 3600);
		}
		// and 30 s into the next day, 24 hours long
		assertThat(LimitsScriptLayout
			.decision(List.of(daily), List.of(1L, 99L, 86_370_000_000L, 0L), micros("2027-03-28T22:00:30Z"))
			.deciding()
			.windowSeconds()).isEqualTo(24 * 3600);
	}

	private static long micros(String instant) {
		return Instant.parse(instant).getEpochSecond() * 1_000_000L;
	}

	private static List<String> strings(byte[][] args) {
		return Arrays.stream(args).map((arg) -> new String(arg, StandardCharsets.US_ASCII)).toList();
	}

}

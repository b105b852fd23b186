package dev.ratelimit.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.redis.LimitsScriptLayout.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of {@code limits.lua}'s arguments: encoded as its header says, and the
 * header and {@link LimitsScriptLayout}'s Javadoc in the same words.
 */
class LimitsScriptLayoutTests {

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

	private static List<String> strings(byte[][] args) {
		return Arrays.stream(args).map((arg) -> new String(arg, StandardCharsets.US_ASCII)).toList();
	}

}

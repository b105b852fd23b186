package dev.ratelimit.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The draft's rule that {@code Retry-After} is not earlier than a violated limit's
 * {@code t}, for every algorithm, several costs and moments, with jitter on.
 */
class RetryAfterNotBeforeResetTests {

	private static final Pattern STATE = Pattern.compile("\"([^\"]+)\";r=(\\d+);t=(\\d+)");

	private final RateLimitHeaders headers = new RateLimitHeaders(true, true, true);

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	void retryAfterIsNeverEarlierThanAViolatedLimitsT(Algorithm algorithm) {
		Tier tier = TestTiers.of("free", List.of(LimitSpec.of("short", 5, Duration.ofSeconds(10), algorithm),
				LimitSpec.of("long", 8, Duration.ofMinutes(10), algorithm)));
		Requests requests = new Requests(List.of(tier), Map.of(), Duration.ofSeconds(2));
		int denials = 0;
		for (int step = 0; step < 400; step++) {
			long cost = 1 + step % 3;
			RateLimitReport report = requests.run(new ClientPart(tier, "token", "free:k", cost));
			if (report.refused() && report.retryAfterSeconds() > 0) {
				denials++;
				Map<String, String> fields = Requests.fields(this.headers, report);
				long retryAfter = Long.parseLong(fields.get(HttpHeaders.RETRY_AFTER));
				Matcher state = STATE.matcher(fields.get(RateLimitHeaders.RATE_LIMIT));
				int i = 0;
				while (state.find()) {
					if (report.policies().get(i++).violated()) {
						assertThat(retryAfter).as("%s at step %d", state.group(1), step)
							.isGreaterThanOrEqualTo(Long.parseLong(state.group(3)));
					}
				}
			}
			requests.clock.advance(Duration.ofMillis(700));
		}
		assertThat(denials).isGreaterThan(50);
	}

}

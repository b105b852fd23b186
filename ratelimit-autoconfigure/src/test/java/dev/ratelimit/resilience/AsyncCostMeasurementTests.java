package dev.ratelimit.resilience;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prints what one decision costs on the blocking and the non-blocking path, in
 * interleaved rounds on one Redis of the test's own: script calls per decision from
 * {@code INFO commandstats}, and this JVM's CPU per decision (all its threads, so
 * Lettuce's event loop and the budget's scheduler included).
 */
@Tag("measurement")
class AsyncCostMeasurementTests {

	private static final int DECISIONS = 20_000;

	private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),");

	@Test
	void blockingAndNonBlockingDecisionsCostTheSameScriptCalls() {
		RedisProcess redis = RedisProcess.start();
		LettuceConnectionFactory factory = LettuceFactories.started(redis.endpoint(), Duration.ofSeconds(2));
		try {
			ScriptRunner runner = new ScriptRunner(factory, Duration.ofSeconds(1));
			byte[][] keys = { "warm-up".getBytes(StandardCharsets.UTF_8) };
			await().ignoreExceptions().until(() -> runner.run(RedisRateLimiter.RESET, keys) != null);
			FailSafeRateLimiter limiter = TestGuards.guard(new RedisRateLimiter(runner, new RedisKeys("rl:")),
					Breakers.create("cost", 50, 10, 5, Duration.ofMinutes(1), 0, 1), TestGuards.fallback(1),
					RateLimitObserver.NONE);
			Tier tier = TestTiers.of("cost", List.of(LimitSpec.of("per-second", 1_000_000, Duration.ofSeconds(1))),
					FailurePolicy.FAIL_CLOSED);
			for (int round = 0; round < 6; round++) {
				for (DecisionPath path : DecisionPath.values()) {
					RedisCommands.call(redis.endpoint(), "CONFIG", "RESETSTAT");
					long cpu = processCpuNanos();
					int primary = 0;
					for (int i = 0; i < DECISIONS; i++) {
						Verdict verdict = path.decide(limiter, new ClientCharge("k" + (i % 100), tier, 1));
						primary += (verdict.source() == Verdict.Source.PRIMARY) ? 1 : 0;
					}
					double cpuMicros = (processCpuNanos() - cpu) / 1e3 / DECISIONS;
					long calls = evalshaCalls(redis);
					System.out.printf("round %d %-8s %.3f script calls per decision, %.1f us JVM CPU per decision%n",
							round, path, (double) calls / DECISIONS, cpuMicros);
					assertThat(primary).isEqualTo(DECISIONS);
					assertThat(calls).isEqualTo(DECISIONS);
				}
			}
		}
		finally {
			factory.destroy();
			redis.close();
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long evalshaCalls(RedisProcess redis) {
		Matcher matcher = EVALSHA.matcher((String) RedisCommands.call(redis.endpoint(), "INFO", "commandstats"));
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

}

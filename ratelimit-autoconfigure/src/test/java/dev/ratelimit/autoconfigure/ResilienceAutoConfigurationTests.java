package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.RedisProcess;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resilience wiring: the warm-up before traffic, the Jedis driver, and the validation
 * of the settings it reads.
 */
class ResilienceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
		.withPropertyValues("ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	private static String[] redisAt(RedisEndpoint redis) {
		return new String[] { "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port() };
	}

	@Test
	void startsAndDecidesOnJedisWithoutLettuceOnTheClasspath() {
		this.runner.withClassLoader(new FilteredClassLoader("io.lettuce"))
			.withPropertyValues(redisAt(TestRedis.shared()))
			.withPropertyValues("ratelimit.key.prefix=rl-jedis-ctx:")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(JedisConnectionFactory.class);
				assertThat(context).hasSingleBean(RedisRateLimiter.class);
				RateLimitGuard guard = context.getBean(RateLimitGuard.class);
				Verdict verdict = guard.decide("free:jedis-" + System.nanoTime(),
						context.getBean(TierRegistry.class).require("free"), 1);
				assertThat(verdict.source()).isEqualTo(Verdict.Source.PRIMARY);
				assertThat(verdict.decision().remaining()).isEqualTo(59);
			});
	}

	@Test
	void warmUpLoadsTheScriptsBeforeTheFirstRequest() {
		try (RedisProcess redis = RedisProcess.start()) {
			this.runner.withPropertyValues(redisAt(redis.endpoint())).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(RedisCommands.call(redis.endpoint(), "SCRIPT", "EXISTS", RedisRateLimiter.LIMITS.sha1()))
					.isEqualTo(List.of(1L));
				assertThat(context.getBean(BackendState.class).circuit()).isEqualTo(BackendState.Circuit.CLOSED);
				assertThat(context.getBean(BackendState.class).warmUpFailure()).isNull();
				// no warm-up key left (the fleet's registry may be there)
				assertThat(RedisCommands.call(redis.endpoint(), "KEYS", "*warm-up*")).isEqualTo(List.of());
			});
		}
	}

	@Test
	void redisDownAtStartupStartsWithinTheWarmUpBoundAndReportsIt() {
		int port;
		try (RedisProcess gone = RedisProcess.start()) {
			port = gone.endpoint().port();
		}
		long start = System.nanoTime();
		this.runner
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
					"spring.data.redis.connect-timeout=5s", "ratelimit.redis.warm-up-timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
				BackendState state = context.getBean(BackendState.class);
				assertThat(state.warmUpFailure()).isIn(BackendState.WarmUpFailure.TIMEOUT,
						BackendState.WarmUpFailure.ERROR);
				long decided = System.nanoTime();
				Verdict verdict = context.getBean(RateLimitGuard.class)
					.decide("free:a", context.getBean(TierRegistry.class).require("free"), 1);
				assertThat(Duration.ofNanos(System.nanoTime() - decided)).isLessThan(Duration.ofSeconds(1));
				// the fleet has not been counted: the local tier refuses as a fail-closed
				// one
				assertThat(verdict.source()).isEqualTo(Verdict.Source.FAIL_CLOSED);
				assertThat(state.warmUpFailure()).isNotNull();
			});
	}

	@Test
	void negativeRetryAfterJitterStopsStartupNamingTheProperty() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
					"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.headers.retry-after-jitter=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ratelimit.headers.retry-after-jitter"));
	}

	@Test
	void negativeWarmUpTimeoutStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.redis.warm-up-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ratelimit.redis.warm-up-timeout"));
	}

	@Test
	void defaultFailurePolicyIsLocal() {
		this.runner.withPropertyValues("ratelimit.backend=local")
			.run((context) -> assertThat(context.getBean(TierRegistry.class).require("free").failurePolicy().id())
				.isEqualTo("local"));
	}

	@Test
	void adaptersSeeTheBreakerOnlyThroughBackendState() {
		this.runner.withPropertyValues("ratelimit.backend=local")
			.run((context) -> assertThat(context).hasSingleBean(BackendState.class)
				.hasSingleBean(RateLimitGuard.class)
				.hasSingleBean(RateLimiter.class));
	}

}

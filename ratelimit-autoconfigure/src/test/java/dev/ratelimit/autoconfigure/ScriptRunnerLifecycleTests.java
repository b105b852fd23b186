package dev.ratelimit.autoconfigure;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The script runner is a bean of the application context, whose threads start and stop
 * with it: one scheduling-lag thread per context, gone once the context is closed.
 */
class ScriptRunnerLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + FreePorts.any(), "ratelimit.redis.warm-up-timeout=0s",
				"ratelimit.tiers.free.limits.per-minute.limit=60", "ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void closingTheContextStopsItsSchedulingLagThread() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		AtomicReference<List<Thread>> started = new AtomicReference<>();
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ScriptRunner.class).hasSingleBean(RedisRateLimiter.class);
			assertThat(context.getBean(ScriptRunner.class).isRunning()).isTrue();
			started.set(lagThreads().stream().filter((thread) -> !before.contains(thread)).toList());
			assertThat(started.get()).hasSize(1);
		});
		assertThat(started.get()).noneMatch(Thread::isAlive);
	}

	@Test
	void eachContextHasALagThreadOfItsOwn() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		this.runner.run((first) -> this.runner
			.run((second) -> assertThat(lagThreads()).filteredOn((thread) -> !before.contains(thread)).hasSize(2)));
	}

	private static List<Thread> lagThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("ratelimit-scheduling-lag"))
			.toList();
	}

}

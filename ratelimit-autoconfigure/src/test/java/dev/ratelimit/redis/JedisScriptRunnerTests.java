package dev.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Parallel;
import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Jedis gets the runner's budget, not its read timeout: with a read timeout of a minute,
 * a frozen Redis fails each call by the runner's own wait, and calls piling up on the
 * frozen server never take more than the runner's bounded pool of threads, while calls
 * backed up behind busy threads on a Redis that answers wait for their turn.
 */
class JedisScriptRunnerTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-second", 10, Duration.ofSeconds(1), 10));

	private final RedisProcess redis = RedisProcess.start();

	private final JedisConnectionFactory factory = JedisFactories.started(this.redis.endpoint(), Duration.ofMinutes(1));

	private final ScriptRunner runner = new ScriptRunner(this.factory, Duration.ofMillis(100), Duration.ofSeconds(1));

	private final RedisRateLimiter limiter = new RedisRateLimiter(this.runner, new RedisKeys("rl:"));

	@AfterEach
	void stop() {
		this.redis.resume();
		this.runner.stop();
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void aScriptFlushIsAnsweredWithOneEvalThatCachesTheScriptAgain() {
		List<LimitSpec> perMinute = List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1)));
		assertThat(this.limiter.decide("flushed", perMinute, 1).remaining()).isEqualTo(9);
		RedisCommands.call(this.redis.endpoint(), "SCRIPT", "FLUSH");
		assertThat(this.limiter.decide("flushed", perMinute, 1).remaining()).isEqualTo(8);
		assertThat(RedisCommands.call(this.redis.endpoint(), "SCRIPT", "EXISTS", RedisRateLimiter.LIMITS.sha1()))
			.isEqualTo(List.of(1L));
	}

	@Test
	void aFrozenRedisFailsTheCallByTheRunnersWaitNotTheDriversReadTimeout() {
		assertThat(this.limiter.decide("warm", LIMITS, 1).allowed()).isTrue();
		this.redis.pause();
		RateLimitBackendException failure = catchThrowableOfType(RateLimitBackendException.class,
				() -> this.limiter.decide("frozen", LIMITS, 1));
		assertThat(failure).hasMessageStartingWith("Redis did not answer within")
			.hasCauseInstanceOf(TimeoutException.class);
		this.redis.resume();
		assertThat(this.limiter.decide("thawed", LIMITS, 1).allowed()).isTrue();
	}

	@Test
	void callsBackedUpBehindBusyThreadsWaitForTheirTurnWhileRedisAnswers() throws Exception {
		GatedConnections gated = new GatedConnections(this.factory);
		ScriptRunner runner = new ScriptRunner(gated, Duration.ofSeconds(5), Duration.ofSeconds(20));
		RedisRateLimiter limiter = new RedisRateLimiter(runner, new RedisKeys("rl:"));
		List<LimitSpec> roomy = List.of(LimitSpec.of("per-minute", 1_000, Duration.ofMinutes(1), 1_000));
		int callers = ConnectionScriptRunner.THREADS + ConnectionScriptRunner.QUEUE + 30;
		ExecutorService threads = Executors.newFixedThreadPool(callers, (task) -> new Thread(task, "caller"));
		try {
			// the runner's threads all wait for a connection until the gate opens
			List<Future<Boolean>> calls = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				calls.add(threads.submit(() -> limiter.decide("backed-up", roomy, 1).allowed()));
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> thread.getName().equals("caller")
							&& thread.getState() == Thread.State.TIMED_WAITING)
					.count() == callers);
			gated.open(); // Redis answers the calls ahead
			int allowed = 0;
			for (Future<Boolean> call : calls) {
				allowed += call.get() ? 1 : 0;
			}
			assertThat(allowed).isEqualTo(callers);
		}
		finally {
			gated.open();
			threads.shutdownNow();
			runner.stop();
		}
	}

	@Test
	void callsPilingUpOnAFrozenRedisAllFailAndHoldAtMostTheRunnersThreads() throws Exception {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		assertThat(this.limiter.decide("warm", LIMITS, 1).allowed()).isTrue();
		this.redis.pause();
		int failed = Parallel.count(400, 64, () -> {
			try {
				this.limiter.decide("pile", LIMITS, 1);
				return false;
			}
			catch (RateLimitBackendException ex) {
				return true;
			}
		});
		assertThat(failed).isEqualTo(400);
		assertThat(Thread.getAllStackTraces().keySet())
			.filteredOn((thread) -> !before.contains(thread) && thread.getName().startsWith("ratelimit-redis-call-"))
			.hasSizeLessThanOrEqualTo(ConnectionScriptRunner.THREADS);
	}

	/**
	 * Connections handed out only once the gate opens, so that the runner's threads wait.
	 */
	private static final class GatedConnections implements RedisConnectionFactory {

		private final RedisConnectionFactory connections;

		private final CountDownLatch gate = new CountDownLatch(1);

		GatedConnections(RedisConnectionFactory connections) {
			this.connections = connections;
		}

		void open() {
			this.gate.countDown();
		}

		@Override
		public RedisConnection getConnection() {
			try {
				this.gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return this.connections.getConnection();
		}

		@Override
		public RedisClusterConnection getClusterConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public RedisSentinelConnection getSentinelConnection() {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean getConvertPipelineAndTxResults() {
			return false;
		}

		@Override
		public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
			return null;
		}

	}

}

package dev.ratelimit.redis;

import java.time.Duration;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code fleet.lua} keeps in Redis, inspected on a real server: the fleet's one key
 * lives as long as its longest registration, whatever order nodes of different heartbeat
 * intervals beat in.
 */
class FleetScriptTests {

	private final RedisEndpoint redis = TestRedis.shared();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis);

	private final String prefix = "fleet-" + UUID.randomUUID() + ":";

	private final RedisFleetRegistry registry = new RedisFleetRegistry(
			new ScriptRunner(this.factory, Duration.ofSeconds(2)), this.prefix);

	@AfterEach
	void tearDown() {
		this.factory.destroy();
	}

	@Test
	void aNodeWithAShorterTtlDoesNotShortenTheFleetKeysTtl() {
		assertThat(this.registry.beat("slow", Duration.ofMinutes(1))).isEqualTo(1);
		assertThat(this.registry.beat("fast", Duration.ofSeconds(3))).isEqualTo(2);
		assertThat(pttl()).isGreaterThan(50_000L);
	}

	@Test
	void aNodeWithALongerTtlExtendsTheFleetKeysTtl() {
		assertThat(this.registry.beat("fast", Duration.ofSeconds(3))).isEqualTo(1);
		assertThat(pttl()).isBetween(1L, 3_000L);
		assertThat(this.registry.beat("slow", Duration.ofMinutes(1))).isEqualTo(2);
		assertThat(pttl()).isGreaterThan(50_000L);
	}

	private long pttl() {
		return (Long) RedisCommands.call(this.redis, "PTTL", this.prefix + "{fleet}");
	}

}

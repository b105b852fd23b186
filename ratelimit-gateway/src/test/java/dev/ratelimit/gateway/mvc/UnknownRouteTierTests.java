package dev.ratelimit.gateway.mvc;

import dev.ratelimit.testsupport.RealRedisExtension;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A route whose {@code RateLimit} filter names a tier {@code ratelimit.tiers} does not
 * declare stops startup, naming the route and the tier, in either form; so does a cost
 * below 1, naming the route.
 */
@ExtendWith(RealRedisExtension.class)
class UnknownRouteTierTests {

	@Test
	void configuredRouteNamingAnUnknownTierFailsStartup(RedisEndpoint redis) {
		assertThatIllegalStateException()
			.isThrownBy(() -> start(redis, "--spring.cloud.gateway.server.webmvc.routes[0].id=orders",
					"--spring.cloud.gateway.server.webmvc.routes[0].uri=http://127.0.0.1:9",
					"--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/orders/**",
					"--spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=fre"))
			.withMessage("RateLimit filter of route 'orders' names unknown tier 'fre'; "
					+ "configured tiers (ratelimit.tiers): [free]");
	}

	@Test
	void javaDslRouteNamingAnUnknownTierFailsStartup(RedisEndpoint redis) {
		assertThatIllegalStateException().isThrownBy(() -> start(redis, "--test.dsl.tier=premium"))
			.withMessage("RateLimit filter of route 'dsl' names unknown tier 'premium'; "
					+ "configured tiers (ratelimit.tiers): [free]");
	}

	@Test
	void costBelowOneFailsStartup(RedisEndpoint redis) {
		assertThatIllegalStateException()
			.isThrownBy(() -> start(redis, "--spring.cloud.gateway.server.webmvc.routes[0].id=orders",
					"--spring.cloud.gateway.server.webmvc.routes[0].uri=http://127.0.0.1:9",
					"--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/orders/**",
					"--spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=free,0"))
			.withMessage("RateLimit filter of route 'orders' has cost '0'; it must be a whole number of at least 1");
	}

	@Test
	void routesNamingKnownTiersStart(RedisEndpoint redis) {
		try (ConfigurableApplicationContext context = start(redis, "--test.dsl.tier=free",
				"--spring.cloud.gateway.server.webmvc.routes[0].id=orders",
				"--spring.cloud.gateway.server.webmvc.routes[0].uri=http://127.0.0.1:9",
				"--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/orders/**",
				"--spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=free")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(RedisEndpoint redis, String... args) {
		String[] common = { "--server.port=0", "--spring.main.banner-mode=off",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--ratelimit.fallback.expected-nodes=1", "--test.backend=http://127.0.0.1:9",
				"--ratelimit.tiers.free.limits.per-minute.limit=3",
				"--ratelimit.tiers.free.limits.per-minute.period=1m" };
		String[] all = new String[common.length + args.length];
		System.arraycopy(common, 0, all, 0, common.length);
		System.arraycopy(args, 0, all, common.length, args.length);
		return new SpringApplicationBuilder(GatewayTestApplication.class).run(all);
	}

}

package dev.ratelimit.samplegatewaywebflux;

import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.testsupport.RedisProcess;

/**
 * Command-line arguments declaring the routes of a test gateway, each from
 * {@code /<id>/**} to the sample's own backend. Arguments replace the routes of the
 * sample's {@code application.yml} as a whole.
 */
final class GatewayRoutes {

	private final List<String> args = new ArrayList<>();

	/**
	 * Return the arguments of a test gateway on a port with the starter on a Redis of the
	 * test's, the sample's embedded Redis off, to which a test adds its own.
	 * @param port the gateway's port
	 * @param redis the Redis
	 * @return the arguments, a list the test may add to
	 */
	static List<String> onRedis(int port, RedisProcess redis) {
		return new ArrayList<>(List.of("--server.port=" + port, "--spring.main.banner-mode=off",
				"--sample.embedded-redis.enabled=false", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redis.endpoint().port()));
	}

	private int index;

	/**
	 * Add a route.
	 * @param id the route's id and first path segment
	 * @param filter the first filter's name, or its shortcut form
	 * ({@code RateLimit=free})
	 * @param args the first filter's arguments, as name and value pairs
	 * @return this
	 */
	GatewayRoutes route(String id, String filter, String... args) {
		String route = "--spring.cloud.gateway.server.webflux.routes[" + this.index++ + "].";
		this.args.add(route + "id=" + id);
		this.args.add(route + "uri=${sample.backend-uri}");
		this.args.add(route + "predicates[0]=Path=/" + id + "/**");
		int next = 0;
		if (!filter.isEmpty()) {
			boolean named = args.length > 0;
			this.args.add(route + "filters[0]" + (named ? ".name=" : "=") + filter);
			for (int i = 0; i < args.length; i += 2) {
				this.args.add(route + "filters[0].args[" + args[i] + "]=" + args[i + 1]);
			}
			next = 1;
		}
		this.args.add(route + "filters[" + next + "]=PrefixPath=/backend");
		return this;
	}

	/**
	 * Add a route through {@code RequestRateLimiter} and the starter's rate limiter.
	 * @param id the route's id and first path segment
	 * @param keyResolver the name of the key resolver bean
	 * @param tier the tier
	 * @return this
	 */
	GatewayRoutes tierRateLimiter(String id, String keyResolver, String tier) {
		return route(id, "RequestRateLimiter", "rate-limiter", "#{@tierRateLimiter}", "key-resolver",
				"#{@" + keyResolver + "}", "tier-rate-limiter.tier", tier);
	}

	List<String> args() {
		return this.args;
	}

}

package dev.ratelimit.redis;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.RateLimiterContractTests;
import dev.ratelimit.testsupport.TestRedis;

/**
 * Runs the shared contract against the Lua script on a real Redis, with the script's
 * clock driven by the test.
 */
class LuaRateLimiterContractTests extends RateLimiterContractTests {

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		return new RedisRateLimiter(new InjectedClockScripts(TestRedis.shared(), clock), new RedisKeys("rl-test:"),
				clock);
	}

}

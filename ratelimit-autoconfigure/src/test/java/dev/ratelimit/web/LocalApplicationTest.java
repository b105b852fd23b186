package dev.ratelimit.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.ratelimit.web.app.ApiKeysInEnvironment;
import dev.ratelimit.web.app.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one application the servlet HTTP tests of the local backend start together: the
 * test context cache starts it once for all of them. As on {@link SharedApplicationTest},
 * a class adds its tiers and endpoints here under names no other class uses, and every
 * test counts on a fresh client key. It holds {@link CatchAllAdviceHttpTests}' catch-all
 * exception handler, so a test here never expects the status of an exception its handler
 * throws.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
		classes = { TestApplication.class, ChargeAfterResponseHttpTests.Endpoints.class,
				CatchAllAdviceHttpTests.CatchAll.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "ratelimit.backend=local",
				// TestApplication's tiers; free also holds the key ApiKeysInEnvironment
				// exports
				"ratelimit.tiers.free.plan=true", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.x.limit=1",
				"ratelimit.tiers.duo.limits.x.period=1m",
				// CatchAllAdviceHttpTests: denials of duo by annotation and by path rule
				"ratelimit.filter.rules[0].paths=/api/rule/**", "ratelimit.filter.rules[0].tier=duo",
				// ApiKeysSanitizingTests: keys listed in every spelling, and actuator
				// showing values
				"ratelimit.tiers.paid.plan=true", "ratelimit.tiers.paid.limits.per-minute.limit=600",
				"ratelimit.tiers.paid.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.api-keys=sk_live_CommaOne,sk_live_CommaTwo", "ratelimit.tiers.pro-plus.plan=true",
				"ratelimit.tiers.pro-plus.limits.per-minute.limit=6000",
				"ratelimit.tiers.pro-plus.limits.per-minute.period=1m",
				"ratelimit.tiers.pro-plus.api-keys[0]=sk_live_IndexedZero",
				"ratelimit.tiers.pro-plus.api-keys[1]=sk_live_IndexedOne",
				"management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				// LocalChargeAfterResponseHttpTests, on ChargeAfterResponseHttpTests'
				// endpoints
				"ratelimit.tiers.login.counted-statuses=4xx", "ratelimit.tiers.login.limits.failures.limit=5",
				"ratelimit.tiers.login.limits.failures.period=1h",
				"ratelimit.tiers.login.limits.failures.algorithm=fixed-window",
				"ratelimit.tiers.tokens.cost-from-result=tokens", "ratelimit.tiers.tokens.limits.per-day.limit=1000",
				"ratelimit.tiers.tokens.limits.per-day.period=1d", "ratelimit.tiers.header-tokens.limits.l.limit=1",
				"ratelimit.tiers.header-tokens.limits.l.period=1m", "ratelimit.tiers.reports.limits.l.limit=1",
				"ratelimit.tiers.reports.limits.l.period=1m", "ratelimit.tiers.reports-charged.limits.l.limit=1",
				"ratelimit.tiers.reports-charged.limits.l.period=1m" })
@ContextConfiguration(initializers = ApiKeysInEnvironment.class)
public @interface LocalApplicationTest {

}

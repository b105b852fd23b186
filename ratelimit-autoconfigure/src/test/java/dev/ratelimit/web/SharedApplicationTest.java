package dev.ratelimit.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.ratelimit.web.app.TestApplication;
import dev.ratelimit.web.inflight.Gate;
import dev.ratelimit.web.inflight.InFlightApplication;
import dev.ratelimit.web.security.SecuredEndpoints;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one application the servlet HTTP tests on the shared Redis start together: the test
 * context cache starts it once for all of them. A class adds its tiers, path rules and
 * endpoints here under names no other class uses; those of {@link TestApplication} are
 * shared, and every test counts on a fresh client key, so that no class spends another's
 * budget. A class that needs other settings of a tier, or a bean that changes every
 * request (another limiter, resolver or exception handler), starts an application of its
 * own instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = { TestApplication.class, AnnotationPlacementsHttpTests.Implementing.class,
		AnnotationPlacementsHttpTests.Composed.class, AnnotationPlacementsHttpTests.Inheriting.class,
		AnnotationPlacementsHttpTests.ClassAndMethod.class, AnnotationPlacementsHttpTests.KeyedClass.class,
		AnnotationPlacementsHttpTests.Delegating.class, AnnotationPlacementsHttpTests.RequestScoped.class,
		AnnotationPlacementsHttpTests.Exchanging.class, AnnotationPlacementsHttpTests.VersionedMapping.class,
		AnnotationPlacementsHttpTests.VersionedApi.class, DispatchTypesHttpTests.Dispatching.class,
		ForwardHttpTests.Forwarding.class, MultiTierHttpTests.Endpoints.class, SeveralClientsHttpTests.Login.class,
		ResponseCompletionHttpTests.Completing.class, ResponseCompletionHttpTests.Translating.class,
		LocalDecisionsHttpTests.Endpoints.class, RuntimePlansHttpTests.Plans.class, InFlightApplication.Endpoints.class,
		Gate.class, SecuredEndpoints.class, AbandonedResponseHttpTests.Streaming.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "server.shutdown=immediate",
				"server.max-http-request-header-size=64KB",
				"management.endpoints.web.exposure.include=ratelimits,health",
				"management.endpoint.health.show-details=always",
				// TestApplication's tiers, and a paid plan beside the free one
				"ratelimit.tiers.free.plan=true", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.duo.limits.per-day.limit=8",
				"ratelimit.tiers.duo.limits.per-day.period=1d", "ratelimit.tiers.paid.plan=true",
				"ratelimit.tiers.paid.limits.per-minute.limit=10", "ratelimit.tiers.paid.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.limits.per-minute.burst=20", "ratelimit.tiers.paid.api-keys=paid-key-123",
				"ratelimit.filter.rules[0].paths=/api/rule/**,/api/both", "ratelimit.filter.rules[0].tier=free",
				// AnnotationPlacementsHttpTests, DispatchTypesHttpTests, ForwardHttpTests
				"ratelimit.tiers.three.limits.per-hour.limit=3", "ratelimit.tiers.three.limits.per-hour.period=1h",
				"ratelimit.tiers.loose.limits.per-hour.limit=5", "ratelimit.tiers.loose.limits.per-hour.period=1h",
				"ratelimit.tiers.strict.limits.per-hour.limit=2", "ratelimit.tiers.strict.limits.per-hour.period=1h",
				"ratelimit.tiers.pages.limits.per-hour.limit=10", "ratelimit.tiers.pages.limits.per-hour.period=1h",
				"ratelimit.filter.rules[1].paths=/ruled/**", "ratelimit.filter.rules[1].tier=three",
				// MultiTierHttpTests
				"ratelimit.tiers.quota.limits.per-hour.limit=12", "ratelimit.tiers.quota.limits.per-hour.period=1h",
				"ratelimit.tiers.search.limits.per-hour.limit=30", "ratelimit.tiers.search.limits.per-hour.period=1h",
				"ratelimit.tiers.search.limits.per-day.limit=1000", "ratelimit.tiers.search.limits.per-day.period=1d",
				"ratelimit.tiers.search.limits.per-day.algorithm=fixed-window", "ratelimit.tiers.watch.mode=shadow",
				"ratelimit.tiers.watch.limits.per-hour.limit=1", "ratelimit.tiers.watch.limits.per-hour.period=1h",
				"ratelimit.filter.rules[2].paths=/multi/heavy", "ratelimit.filter.rules[2].tier=quota",
				"ratelimit.filter.rules[2].cost=1", "ratelimit.filter.rules[3].paths=/multi/light",
				"ratelimit.filter.rules[3].tier=quota", "ratelimit.filter.rules[3].cost=5",
				"ratelimit.filter.rules[4].paths=/multi/two", "ratelimit.filter.rules[4].tier=search",
				"ratelimit.filter.rules[5].paths=/multi/watched", "ratelimit.filter.rules[5].tier=watch",
				// SeveralClientsHttpTests
				"ratelimit.tiers.address.limits.attempts.limit=3", "ratelimit.tiers.address.limits.attempts.period=1h",
				"ratelimit.tiers.address.limits.attempts.algorithm=sliding-window-log",
				"ratelimit.tiers.account.limits.attempts.limit=2", "ratelimit.tiers.account.limits.attempts.period=1h",
				"ratelimit.tiers.account.limits.attempts.algorithm=sliding-window-log",
				// ObservabilityHttpTests
				"ratelimit.tiers.shadowed.mode=shadow", "ratelimit.tiers.shadowed.limits.per-minute.limit=2",
				"ratelimit.tiers.shadowed.limits.per-minute.period=1m",
				"ratelimit.filter.rules[6].paths=/api/rules/shadowed/**", "ratelimit.filter.rules[6].tier=shadowed",
				// LargeQuotaHttpTests
				"ratelimit.tiers.plan.limits.per-day.limit=1000000", "ratelimit.tiers.plan.limits.per-day.period=1d",
				"ratelimit.tiers.plan.limits.per-month.limit=5000", "ratelimit.tiers.plan.limits.per-month.period=30d",
				"ratelimit.filter.rules[7].paths=/api/rules/plan/**", "ratelimit.filter.rules[7].tier=plan",
				// LocalDecisionsHttpTests: a deny cache, and a plan that leases
				"ratelimit.tiers.cached.plan=true", "ratelimit.tiers.cached.deny-cache=true",
				"ratelimit.tiers.cached.limits.per-hour.limit=5", "ratelimit.tiers.cached.limits.per-hour.period=1h",
				"ratelimit.tiers.leased.plan=true", "ratelimit.tiers.leased.limits.per-hour.limit=20",
				"ratelimit.tiers.leased.limits.per-hour.period=1h", "ratelimit.tiers.leased.limits.per-hour.lease=5",
				"ratelimit.tiers.leased.api-keys=leasing-key",
				// RuntimePlansHttpTests
				"ratelimit.tiers.pro.plan=true", "ratelimit.tiers.pro.limits.per-hour.limit=20",
				"ratelimit.tiers.pro.limits.per-hour.period=1h",
				// InFlightHttpTests
				"ratelimit.tiers.export.limits.in-flight.concurrent=3",
				"ratelimit.tiers.mixed.limits.in-flight.concurrent=2",
				"ratelimit.tiers.mixed.limits.per-minute.limit=3", "ratelimit.tiers.mixed.limits.per-minute.period=1m",
				"ratelimit.tiers.single.limits.one.concurrent=1", "ratelimit.filter.rules[8].paths=/api/ruled",
				"ratelimit.filter.rules[8].tier=single",
				// BeforeSecurityHttpTests
				"ratelimit.tiers.guard.limits.per-hour.limit=5", "ratelimit.tiers.guard.limits.per-hour.period=1h",
				"ratelimit.filter.rules[9].paths=/secure/data", "ratelimit.filter.rules[9].tier=guard",
				"ratelimit.filter.rules[9].before-security=true", "ratelimit.filter.rules[10].paths=/secure/other",
				"ratelimit.filter.rules[10].tier=guard",
				// AbandonedResponseHttpTests
				"ratelimit.tiers.abandon-refunding.refund-server-errors=true",
				"ratelimit.tiers.abandon-refunding.limits.per-hour.limit=3",
				"ratelimit.tiers.abandon-refunding.limits.per-hour.period=1h",
				"ratelimit.tiers.abandon-counted.counted-statuses=2xx",
				"ratelimit.tiers.abandon-counted.limits.per-hour.limit=3",
				"ratelimit.tiers.abandon-counted.limits.per-hour.period=1h" })
public @interface SharedApplicationTest {

}

package dev.ratelimit.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The one report of a request, run through the pipeline as an edge runs it, and both of
 * its renderings: the exact response fields and the exact problem body.
 */
class RateLimitReportTests {

	private static final LimitSpec PER_MINUTE = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 2);

	private static final Tier FREE = TestTiers.of("free", List.of(PER_MINUTE));

	private static final Tier LOGIN = TestTiers.of("login", List.of(LimitSpec.of("per-hour", 3, Duration.ofHours(1))));

	private static final ConcurrencyLimit IN_FLIGHT = new ConcurrencyLimit("in-flight", 3, Duration.ofMinutes(1));

	private static final Tier EXPORT = TestTiers.of("export", List.of());

	private final RateLimitHeaders headers = new RateLimitHeaders(true, true, true);

	@Test
	void oneTierAllowedReportsItsLimitByItsOwnName() {
		Requests requests = new Requests(FREE);
		RateLimitReport report = requests.run(new ClientPart(FREE, "token", "free:a", 1));
		assertThat(report.status()).isEqualTo(HttpStatus.OK);
		assertThat(report.refused()).isFalse();
		assertThat(Requests.fields(this.headers, report)).containsExactly(entry("RateLimit-Limit", "2"),
				entry("RateLimit-Remaining", "1"), entry("RateLimit-Reset", "1"),
				entry("RateLimit-Policy", "\"per-minute\";q=2;w=2"), entry("RateLimit", "\"per-minute\";r=1;t=1"));
		assertThat(requests.outcomes).containsExactly(Outcome.ALLOWED);
	}

	@Test
	void denialWithTwoTiersNamesEachLimitByItsTierAndViolatesTheDenyingOne() {
		Requests requests = new Requests(FREE, LOGIN);
		ClientPart free = new ClientPart(FREE, "token", "free:a", 1);
		ClientPart login = new ClientPart(LOGIN, "token", "login:a", 1);
		requests.run(free, login);
		requests.run(free, login);
		RateLimitReport report = requests.run(free, login);
		assertThat(report.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Requests.fields(this.headers, report)).containsExactly(entry("RateLimit-Limit", "2"),
				entry("RateLimit-Remaining", "0"), entry("RateLimit-Reset", "2"),
				entry("RateLimit-Policy", "\"free.per-minute\";q=2;w=2, \"login.per-hour\";q=3;w=3600"),
				entry("RateLimit", "\"free.per-minute\";r=0;t=1, \"login.per-hour\";r=1;t=2400"),
				entry("Retry-After", "1"));
		ProblemDetail body = RateLimitProblems.of(report, "/api");
		assertThat(body.getStatus()).isEqualTo(429);
		assertThat(body.getType()).isEqualTo(RateLimitProblems.QUOTA_EXCEEDED);
		assertThat(body.getTitle()).isEqualTo("Too Many Requests");
		assertThat(body.getDetail()).isEqualTo("Limit 'per-minute' of tier 'free' is exhausted; retry in 1 s.");
		assertThat(body.getInstance()).isEqualTo(URI.create("/api"));
		assertThat(body.getProperties()).containsExactly(entry("tier", "free"), entry("limit", "per-minute"),
				entry("reason", "limit-exceeded"), entry("retryAfter", 1L),
				entry("violated-policies", List.of("free.per-minute")),
				entry("policies", List.of(policy("free.per-minute", 2, 2, 0, 1, true),
						policy("login.per-hour", 3, 3600, 1, 2400, false))));
		assertThat(requests.outcomes).containsExactly(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.ALLOWED,
				Outcome.ALLOWED, Outcome.DENIED);
	}

	@Test
	void inFlightDenialReportsTheConcurrencyLimitAndOneSecondToRetry() {
		Requests requests = new Requests(List.of(EXPORT), Map.of("export", IN_FLIGHT), Duration.ZERO);
		RateLimitReport report = requests.run(new RequestRateLimits(),
				(ask) -> new PermitVerdict(Verdict.Source.PRIMARY, new PermitDecision(ask.limit(), false, 3), null),
				null, new ClientPart(EXPORT, "token", "export:a", 1));
		assertThat(report.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(Requests.fields(this.headers, report)).containsExactly(entry("RateLimit-Limit", "3"),
				entry("RateLimit-Remaining", "0"), entry("RateLimit-Reset", "1"),
				entry("RateLimit-Policy", "\"in-flight\";q=3;qu=\"concurrent-requests\""),
				entry("RateLimit", "\"in-flight\";r=0"), entry("Retry-After", "1"));
		ProblemDetail body = RateLimitProblems.of(report, "/export");
		assertThat(body.getDetail())
			.isEqualTo("Limit 'in-flight' of tier 'export' allows 3 requests in flight at once; retry in 1 s.");
		Map<String, Object> inFlight = new LinkedHashMap<>();
		inFlight.put("name", "in-flight");
		inFlight.put("quota", 3L);
		inFlight.put("unit", "concurrent-requests");
		inFlight.put("remaining", 0L);
		inFlight.put("violated", true);
		assertThat(body.getProperties()).containsExactly(entry("tier", "export"), entry("limit", "in-flight"),
				entry("reason", "limit-exceeded"), entry("retryAfter", 1L),
				entry("violated-policies", List.of("in-flight")), entry("policies", List.of(inFlight)));
		assertThat(requests.outcomes).containsExactly(Outcome.DENIED);
	}

	@Test
	void shadowDenialLetsTheRequestOnAndStillReportsTheFields() {
		Tier trial = new Tier("trial", List.of(PER_MINUTE), FailurePolicy.FAIL_OPEN, true, false, false);
		Requests requests = new Requests(trial);
		ClientPart part = new ClientPart(trial, "token", "trial:a", 1);
		requests.run(part);
		requests.run(part);
		RateLimitReport report = requests.run(part);
		assertThat(report.status()).isEqualTo(HttpStatus.OK);
		assertThat(report.refused()).isFalse();
		RateLimitHeaders notOnAllowed = new RateLimitHeaders(true, true, false);
		assertThat(Requests.fields(notOnAllowed, report)).containsExactly(entry("RateLimit-Limit", "2"),
				entry("RateLimit-Remaining", "0"), entry("RateLimit-Reset", "2"),
				entry("RateLimit-Policy", "\"per-minute\";q=2;w=2"), entry("RateLimit", "\"per-minute\";r=0;t=1"));
		assertThat(requests.outcomes).containsExactly(Outcome.ALLOWED, Outcome.ALLOWED, Outcome.SHADOW_DENIED);
	}

	@Test
	void failClosedRefusalIsA503WithRetryAfterAlone() {
		Tier login = TestTiers.of("login", LOGIN.limits(), FailurePolicy.FAIL_CLOSED);
		Requests requests = new Requests(login);
		RateLimitReport report = requests.run(new RequestRateLimits(), (ask) -> {
			throw new IllegalStateException();
		}, new Verdict(Verdict.Source.FAIL_CLOSED, null), new ClientPart(login, "token", "login:a", 1));
		assertThat(report.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(Requests.fields(this.headers, report)).containsExactly(entry("Retry-After", "30"));
		ProblemDetail body = RateLimitProblems.of(report, "/login");
		assertThat(body.getStatus()).isEqualTo(503);
		assertThat(body.getType()).isEqualTo(RateLimitProblems.TEMPORARY_REDUCED_CAPACITY);
		assertThat(body.getTitle()).isEqualTo("Service Unavailable");
		assertThat(body.getDetail()).isEqualTo(
				"Rate limiting for tier 'login' is temporarily unavailable and this tier fails closed; retry in 30 s.");
		assertThat(body.getProperties()).containsExactly(entry("tier", "login"), entry("reason", "limiter-unavailable"),
				entry("retryAfter", 30L));
		assertThat(requests.outcomes).containsExactly(Outcome.FALLBACK_DENIED);
	}

	@Test
	void aConcurrencyLimitBesideAnotherTiersRatesIsNamedByItsTierAndKeepsTheRatesLegacyFields() {
		Requests requests = new Requests(List.of(FREE, EXPORT), Map.of("export", IN_FLIGHT), Duration.ZERO);
		RateLimitReport report = requests.run(new RequestRateLimits(),
				(ask) -> new PermitVerdict(Verdict.Source.PRIMARY, new PermitDecision(ask.limit(), true, 1), null),
				null, new ClientPart(FREE, "token", "free:a", 1), new ClientPart(EXPORT, "token", "export:a", 1));
		Map<String, String> fields = Requests.fields(this.headers, report);
		assertThat(fields).containsEntry("RateLimit-Policy",
				"\"free.per-minute\";q=2;w=2, \"export.in-flight\";q=3;qu=\"concurrent-requests\"");
		assertThat(fields).containsEntry("RateLimit", "\"free.per-minute\";r=1;t=1, \"export.in-flight\";r=2");
		assertThat(fields).containsEntry("RateLimit-Limit", "2").containsEntry("RateLimit-Remaining", "1");
	}

	@Test
	void aTierAppliedForTwoClientsNumbersItsRepeatedNames() {
		Requests requests = new Requests(FREE);
		RateLimitReport report = requests.run(new ClientPart(FREE, "token", "free:a", 1),
				new ClientPart(FREE, "other", "free:b", 1));
		assertThat(Requests.fields(this.headers, report)).containsEntry("RateLimit-Policy",
				"\"free.per-minute\";q=2;w=2, \"free.per-minute#2\";q=2;w=2");
	}

	@Test
	void legacyFamilyCanBeSwitchedOff() {
		RateLimitReport report = new Requests(FREE).run(new ClientPart(FREE, "token", "free:a", 1));
		assertThat(Requests.fields(new RateLimitHeaders(false, true, true), report))
			.containsOnlyKeys("RateLimit-Policy", "RateLimit");
	}

	@Test
	void draftFamilyCanBeSwitchedOff() {
		RateLimitReport report = new Requests(FREE).run(new ClientPart(FREE, "token", "free:a", 1));
		assertThat(Requests.fields(new RateLimitHeaders(true, false, true), report)).containsOnlyKeys("RateLimit-Limit",
				"RateLimit-Remaining", "RateLimit-Reset");
	}

	@Test
	void allowedResponsesCanGoWithoutFields() {
		RateLimitHeaders writer = new RateLimitHeaders(true, true, false);
		Requests requests = new Requests(FREE);
		ClientPart part = new ClientPart(FREE, "token", "free:a", 1);
		assertThat(Requests.fields(writer, requests.run(part))).isEmpty();
		requests.run(part);
		assertThat(Requests.fields(writer, requests.run(part))).containsEntry("Retry-After", "1");
	}

	@Test
	void retryAfterIsRoundedUpToAtLeastOneSecond() {
		Requests requests = new Requests(FREE);
		ClientPart part = new ClientPart(FREE, "token", "free:a", 1);
		requests.run(part);
		requests.run(part);
		requests.clock.advance(Duration.ofMillis(999));
		RateLimitReport denied = requests.run(part);
		assertThat(Requests.fields(this.headers, denied)).containsEntry("Retry-After", "1")
			.containsEntry("RateLimit-Reset", "2")
			.containsEntry("RateLimit", "\"per-minute\";r=0;t=1");
	}

	@Test
	void jitterSpreadsRetryAfterWithinItsBound() {
		Requests requests = new Requests(List.of(FREE), Map.of(), Duration.ofSeconds(3));
		ClientPart part = new ClientPart(FREE, "token", "free:a", 1);
		requests.run(part);
		requests.run(part);
		Set<Long> seen = new TreeSet<>();
		for (int i = 0; i < 500; i++) {
			RateLimitReport denied = requests.run(part);
			seen.add(denied.retryAfterSeconds());
			assertThat(RateLimitProblems.of(denied, "/").getProperties()).containsEntry("retryAfter",
					denied.retryAfterSeconds());
		}
		assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
	}

	private static Map<String, Object> policy(String name, long quota, long window, long remaining, long reset,
			boolean violated) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("name", name);
		policy.put("quota", quota);
		policy.put("window", window);
		policy.put("remaining", remaining);
		policy.put("reset", reset);
		policy.put("violated", violated);
		return policy;
	}

}

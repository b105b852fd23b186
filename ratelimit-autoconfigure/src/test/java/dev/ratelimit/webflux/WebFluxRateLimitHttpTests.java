package dev.ratelimit.webflux;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.webflux.app.WebFluxTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response contract of the servlet side ({@code RateLimitHttpTests}), on WebFlux over
 * real HTTP, with a real Redis behind the limiter: the same tiers, the same counts, the
 * same fields and problem body, for annotated handlers returning {@code Mono} and
 * {@code Flux}, a functional route and path rules; and plans chosen and built at runtime
 * by reactive resolvers, by the servlet side's rules ({@code RuntimePlansHttpTests}).
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ratelimit.redis.timeout=5s",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.limits.per-minute.limit=10", "ratelimit.tiers.paid.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.limits.per-minute.burst=20", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.duo.limits.per-day.limit=8",
				"ratelimit.tiers.duo.limits.per-day.period=1d", "ratelimit.tiers.free.plan=true",
				"ratelimit.tiers.paid.plan=true", "ratelimit.tiers.paid.api-keys=paid-key-123",
				"ratelimit.filter.rules[0].paths=/api/rule/**,/api/both", "ratelimit.filter.rules[0].tier=free",
				"ratelimit.tiers.loose.limits.per-minute.limit=5", "ratelimit.tiers.loose.limits.per-minute.period=1m",
				"ratelimit.tiers.trial.limits.per-minute.limit=5", "ratelimit.tiers.trial.limits.per-minute.period=1m",
				"ratelimit.tiers.trial.mode=shadow", "ratelimit.tiers.basic.limits.per-minute.limit=2",
				"ratelimit.tiers.basic.limits.per-minute.period=1m", "ratelimit.plans.fallback-tier=basic",
				"ratelimit.plans.timeout=1s" })
@ExtendWith(OutputCaptureExtension.class)
class WebFluxRateLimitHttpTests extends HttpTestBase {

	private final String apiKey = "key-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	private HttpResponse<String> get(String path) {
		return this.http.get(path, "X-API-Key", this.apiKey);
	}

	@Test
	void allowedResponseCarriesExactFields() {
		HttpResponse<String> response = get("/api/free");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Limit")).isEqualTo("5");
		assertThat(header(response, "RateLimit-Remaining")).isEqualTo("4");
		assertThat(header(response, "RateLimit-Reset")).isEqualTo("12");
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=5;w=60");
		assertThat(header(response, "RateLimit")).isEqualTo("\"per-minute\";r=4;t=12");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		assertThat(response.body()).isEqualTo("{\"ok\":\"free\"}");
	}

	@Test
	void deniedResponseIsA429ProblemWithExactFields() {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/api/free").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> denied = get("/api/free");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
		assertThat(header(denied, "RateLimit-Limit")).isEqualTo("5");
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(header(denied, "RateLimit-Reset")).isEqualTo("60");
		assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=5;w=60");
		assertThat(header(denied, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=12");
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(denied.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"", "\"tier\":\"free\"",
				"\"limit\":\"per-minute\"", "\"retryAfter\":12",
				"\"detail\":\"Limit 'per-minute' of tier 'free' is exhausted; retry in 12 s.\"",
				"\"instance\":\"/api/free\"", "\"violated-policies\":[\"per-minute\"]",
				"{\"name\":\"per-minute\",\"quota\":5,\"window\":60,\"remaining\":0,\"reset\":12,\"violated\":true}");
	}

	@Test
	void fluxHandlerAdmitsExactlyTheBurstThenDenies() {
		assertThat(admitted("/api/flux", 8, "X-API-Key", this.apiKey)).isEqualTo(5);
		HttpResponse<String> denied = get("/api/flux");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
	}

	@Test
	void functionalRouteAdmitsExactlyTheBurstWithTheSameContract() {
		HttpResponse<String> first = get("/fn/free");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit")).isEqualTo("\"per-minute\";r=4;t=12");
		assertThat(admitted("/fn/free", 8, "X-API-Key", this.apiKey)).isEqualTo(4);
		HttpResponse<String> denied = get("/fn/free");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
		assertThat(denied.body()).contains("\"instance\":\"/fn/free\"", "\"violated-policies\":[\"per-minute\"]");
	}

	@Test
	void shadowTierDeniesNobodyAndStillReportsTheLimit() {
		for (int i = 0; i < 8; i++) {
			assertThat(get("/api/trial").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> wouldBeDenied = get("/api/trial");
		assertThat(wouldBeDenied.statusCode()).isEqualTo(200);
		assertThat(header(wouldBeDenied, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(header(wouldBeDenied, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=12");
		assertThat(wouldBeDenied.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void eachTierAdmitsExactlyItsBurst() {
		assertThat(admitted("/api/free", 20, "X-API-Key", this.apiKey)).isEqualTo(5);
		assertThat(admitted("/api/free", 30, "X-API-Key", "paid-key-123")).isEqualTo(20);
	}

	@Test
	void keyTierOverridesTheAnnotatedTier() {
		HttpResponse<String> response = this.http.get("/api/free", "X-API-Key", "paid-key-123");
		assertThat(header(response, "RateLimit-Limit")).isEqualTo("20");
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=20;w=120");
	}

	@Test
	void filterRuleLimitsPathsWithoutAnnotations() {
		assertThat(admitted("/api/rule/thing", 10, "X-API-Key", this.apiKey)).isEqualTo(5);
		HttpResponse<String> denied = get("/api/rule/thing");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
		assertThat(get("/api/open").statusCode()).isEqualTo(200);
	}

	@Test
	void ruleAndAnnotationOnTheSameTierChargeOnce() {
		assertThat(admitted("/api/both", 10, "X-API-Key", this.apiKey)).isEqualTo(5);
	}

	@Test
	void costIsChargedPerCall() {
		assertThat(header(get("/api/costly"), "RateLimit-Remaining")).isEqualTo("2");
		HttpResponse<String> denied = get("/api/costly");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("2");
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
	}

	@Test
	void costAboveBurstIsDeniedWithoutAnEndlessWait() {
		HttpResponse<String> denied = get("/api/too-costly");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).isEmpty();
		assertThat(denied.body()).contains("\"reason\":\"cost-exceeds-capacity\"");
		assertThat(get("/api/free").statusCode()).isEqualTo(200);
	}

	@Test
	void addressKeyCountsTheCallerNetworkWhateverItsKey() {
		int admitted = 0;
		for (int i = 0; i < 8; i++) {
			if (this.http.get("/api/address", "X-API-Key", "key-" + i).statusCode() == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void denialByOneLimitConsumesNothingFromTheOther() {
		assertThat(admitted("/api/duo", 6, "X-API-Key", this.apiKey)).isBetween(3, 4);
		HttpResponse<String> denied = get("/api/duo");
		assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"per-second\";q=3;w=1, \"per-day\";q=8;w=86400");
		assertThat(header(denied, "RateLimit")).matches("\"per-second\";r=0;t=1, \"per-day\";r=[45];t=\\d+");
	}

	@Test
	void forgedForwardedForDoesNotEscapeTheAddressBucket() {
		int admitted = 0;
		for (int i = 0; i < 12; i++) {
			String forged = "203.0.113." + i;
			if (this.http.get("/api/free", "X-Forwarded-For", forged, "Forwarded", "for=" + forged)
				.statusCode() == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void authenticatedPrincipalsAreCountedByName() {
		String alice = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes());
		String bob = "Basic " + Base64.getEncoder().encodeToString("bob:secret".getBytes());
		assertThat(admitted("/api/free", 7, "Authorization", alice)).isEqualTo(5);
		assertThat(admitted("/api/free", 7, "Authorization", bob)).isEqualTo(5);
		assertThat(admitted("/api/free", 7)).isEqualTo(5);
	}

	@Test
	void runtimePlanDecidesExactCountsAndFields() {
		HttpResponse<String> first = this.http.get("/api/free", "X-API-Key", this.apiKey, "X-Plan-Limit", "7");
		assertThat(header(first, "RateLimit-Limit")).isEqualTo("7");
		assertThat(header(first, "RateLimit-Remaining")).isEqualTo("6");
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=7;w=60");
		assertThat(admitted("/api/free", 10, "X-API-Key", this.apiKey, "X-Plan-Limit", "7")).isEqualTo(6);
		HttpResponse<String> denied = this.http.get("/fn/free", "X-API-Key", this.apiKey, "X-Plan-Limit", "7");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("9");
		assertThat(denied.body()).contains("\"tier\":\"free\"",
				"{\"name\":\"per-minute\",\"quota\":7,\"window\":60,\"remaining\":0,\"reset\":9,\"violated\":true}");
	}

	@Test
	void runtimePlanOfAPurposeTierIsNeverAsked() {
		assertThat(admitted("/api/loose", 8, "X-API-Key", this.apiKey, "X-Plan-Limit", "7")).isEqualTo(5);
	}

	@Test
	void planResolverThatFailsIsDecidedByTheFallbackTierLoggedOnce(CapturedOutput output) {
		assertThat(admitted("/api/free", 5, "X-API-Key", this.apiKey, "X-Plan-Limit", "boom")).isEqualTo(2);
		String line = "ExchangePlanLimitsResolver failed for tier 'free' (java.lang.IllegalStateException); "
				+ "applying each client's last plan, else fallback tier 'basic'";
		assertThat(output.getOut().split(Pattern.quote(line), -1)).hasSize(2);
		assertThat(output.getAll()).doesNotContain(this.apiKey);
	}

	@Test
	void planResolverThatDoesNotAnswerInTimeIsDecidedByTheFallbackTier(CapturedOutput output) {
		HttpResponse<String> first = this.http.get("/api/free", "X-API-Key", this.apiKey, "X-Plan-Limit", "slow");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=2;w=60");
		assertThat(admitted("/api/free", 2, "X-API-Key", this.apiKey, "X-Plan-Limit", "slow")).isEqualTo(1);
		assertThat(output.getOut()).containsOnlyOnce(
				"ExchangePlanLimitsResolver failed for tier 'free' (no answer within PT1S); applying each "
						+ "client's last plan, else fallback tier 'basic'");
	}

	@Test
	void invalidRuntimeLimitsAreDecidedByTheFallbackTierLoggedOnce(CapturedOutput output) {
		assertThat(admitted("/api/free", 4, "X-API-Key", this.apiKey, "X-Plan-Limit", "invalid")).isEqualTo(2);
		assertThat(output.getOut()).containsOnlyOnce("Runtime limits [PlanLimit[name=per-minute, limit=5, "
				+ "period=PT1M, burst=0, algorithm=token-bucket, calendar=null, zone=null]] for tier 'free' are "
				+ "invalid: Limit 'per-minute': burst must be from 1 to 1000000000 but was 0; applying fallback tier "
				+ "'basic'");
	}

	@Test
	void tierResolverChoosesAPlanTier() {
		HttpResponse<String> first = this.http.get("/api/free", "X-API-Key", this.apiKey, "X-Plan", "paid");
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=20;w=120");
		assertThat(admitted("/api/free", 25, "X-API-Key", this.apiKey, "X-Plan", "paid")).isEqualTo(19);
	}

	@Test
	void tierResolverNamingAPurposeOrUnknownTierIsRefused(CapturedOutput output) {
		assertThat(admitted("/api/free", 8, "X-API-Key", this.apiKey, "X-Plan", "loose")).isEqualTo(5);
		assertThat(admitted("/api/free", 3, "X-API-Key", this.apiKey + "-2", "X-Plan", "nosuch")).isEqualTo(3);
		assertThat(output.getOut())
			.containsOnlyOnce(
					"ExchangeTierResolver chose tier 'loose', which is no plan (ratelimit.tiers.loose.plan is false); "
							+ "applying 'free'")
			.containsOnlyOnce("ExchangeTierResolver chose tier 'nosuch', which is not configured; applying 'free'");
	}

	@Test
	void tierResolverThatFailsLeavesTheChoiceToTheListedKeys(CapturedOutput output) {
		assertThat(admitted("/api/free", 8, "X-API-Key", this.apiKey, "X-Plan", "boom")).isEqualTo(5);
		HttpResponse<String> listed = this.http.get("/api/free", "X-API-Key", "paid-key-123", "X-Plan", "boom");
		assertThat(header(listed, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=20;w=120");
		assertThat(output.getOut()).containsOnlyOnce(
				"failed (java.lang.IllegalStateException); the default " + "resolver answers instead. Reported once.");
	}

	private int admitted(String path, int attempts, String... headers) {
		int admitted = 0;
		for (int i = 0; i < attempts; i++) {
			int status = this.http.get(path, headers).statusCode();
			assertThat(status).isIn(200, 429);
			if (status == 200) {
				admitted++;
			}
		}
		return admitted;
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}

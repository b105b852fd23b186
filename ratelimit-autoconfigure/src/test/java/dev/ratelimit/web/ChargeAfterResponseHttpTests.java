package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import dev.ratelimit.core.Parallel;
import dev.ratelimit.web.InjectedClockApplicationTest.InjectedClock;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tiers charged after the response, over real HTTP with a real Redis whose script reads
 * the test's clock: a login counting failures only, a completion charged the tokens its
 * result names, a cost from a response header, server errors given back, and a cost the
 * response gives wrong charging what was charged before the handler.
 */
@InjectedClockApplicationTest
class ChargeAfterResponseHttpTests extends HttpTestBase {

	private final String account = "user-" + UUID.randomUUID();

	private final String apiKey = "after-" + UUID.randomUUID();

	@Test
	void aLoginCountsFailuresOnlyAndThenDeniesTheRightPasswordUntilTheWindowMoves() {
		InjectedClock.CLOCK.advanceToNextMultipleOf(Duration.ofMinutes(1));
		for (int i = 0; i < 10; i++) {
			assertThat(login("right").statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 5; i++) {
			assertThat(login("wrong").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> denied = login("right");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("72");
		// the next window, 71 s after the failures, still weighs the five as ceil(5 *
		// 49 / 60) = 5; at 72 s as ceil(5 * 48 / 60) = 4
		InjectedClock.CLOCK.advance(Duration.ofSeconds(71));
		assertThat(login("right").statusCode()).isEqualTo(429);
		InjectedClock.CLOCK.advance(Duration.ofSeconds(1));
		assertThat(login("right").statusCode()).isEqualTo(200);
		assertThat(login("wrong").statusCode()).isEqualTo(401);
		assertThat(login("right").statusCode()).isEqualTo(429);
	}

	@Test
	void aBurstOfFailingLoginsNeverRunsMoreThanTheBudget() throws Exception {
		ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
		int reached = Parallel.count(50, 16, () -> {
			int status = login("wrong").statusCode();
			statuses.add(status);
			return status == 401;
		});
		assertThat(reached).isEqualTo(5);
		assertThat(statuses).hasSize(50).containsOnly(401, 429);
		assertThat(login("right").statusCode()).isEqualTo(429);
	}

	@Test
	void sixCompletionsOf300TokensAdmitFourAndTheFifthWaitsOutTheDebt() {
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			responses.add(this.http.postJson("/after/complete?tokens=300", "", "X-API-Key", this.apiKey));
		}
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 200, 429, 429);
		assertThat(responses.get(0).body()).isEqualTo("{\"tokens\":300}");
		// the fourth was admitted while 100 were left: its own charge before the handler
		// left 99
		assertThat(header(responses.get(3), "RateLimit-Remaining")).isEqualTo("99");
		// 1,200 taken of 1,000: a debt of 200, and one more token for the next request,
		// at one token every 60 ms: 12.06 s
		assertThat(header(responses.get(4), "Retry-After")).isEqualTo("13");
		InjectedClock.CLOCK.advance(Duration.ofMillis(12_059));
		assertThat(complete(1).statusCode()).isEqualTo(429);
		InjectedClock.CLOCK.advance(Duration.ofMillis(1));
		assertThat(complete(1).statusCode()).isEqualTo(200);
	}

	@Test
	void aSettlementCostsOneMoreStoreCallOnlyWhenTheResponseChangesTheCharge() {
		assertThat(storeCalls(() -> login("right"))).isEqualTo(2);
		assertThat(storeCalls(() -> login("wrong"))).isEqualTo(1);
		assertThat(storeCalls(() -> complete(300))).isEqualTo(2);
		assertThat(storeCalls(() -> complete(1))).isEqualTo(1);
		assertThat(storeCalls(() -> complete(0))).isEqualTo(2);
		assertThat(storeCalls(() -> this.http.get("/api/free", "X-API-Key", this.apiKey))).isEqualTo(1);
	}

	private int storeCalls(Supplier<HttpResponse<String>> request) {
		int before = InjectedClock.SCRIPTS.calls();
		assertThat(request.get().statusCode()).isLessThan(429);
		return InjectedClock.SCRIPTS.calls() - before;
	}

	@Test
	void anAsyncHandlersResultIsChargedOnceItCompletes() {
		int before = InjectedClock.SCRIPTS.calls();
		assertThat(this.http.postJson("/after/async?tokens=999", "", "X-API-Key", this.apiKey).statusCode())
			.isEqualTo(200);
		// the async context may complete after the client has read the response: the
		// charge before the handler and the settlement, two script calls
		await().atMost(Duration.ofSeconds(10)).until(() -> InjectedClock.SCRIPTS.calls() - before == 2);
		HttpResponse<String> last = complete(1);
		assertThat(last.statusCode()).isEqualTo(200);
		assertThat(header(last, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(complete(1).statusCode()).isEqualTo(429);
	}

	@Test
	void aCostFromAResponseHeaderIsChargedAfterTheResponse() {
		int before = InjectedClock.SCRIPTS.calls();
		assertThat(headerCost(600).statusCode()).isEqualTo(200);
		assertThat(headerCost(600).statusCode()).isEqualTo(200);
		// a body of known length may reach the client before the settlement has run
		await().atMost(Duration.ofSeconds(10)).until(() -> InjectedClock.SCRIPTS.calls() - before == 4);
		HttpResponse<String> denied = headerCost(1);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("13");
	}

	@Test
	void aCostTheResponseGivesWrongChargesWhatWasChargedBeforeTheHandler() {
		List<String> odd = List.of("-5", "1.5", "many");
		for (int i = 0; i < odd.size(); i++) {
			HttpResponse<String> response = this.http.postJson("/after/odd?tokens=" + odd.get(i), "", "X-API-Key",
					this.apiKey);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo(Integer.toString(999 - i));
		}
		// each stays charged the one unit taken before the handler: 997 left
		assertThat(complete(996).statusCode()).isEqualTo(200);
		assertThat(complete(1).statusCode()).isEqualTo(200);
		assertThat(complete(1).statusCode()).isEqualTo(429);
	}

	@Test
	void serverErrorsAreGivenBackWhenTheTierRefundsThem() {
		for (int i = 0; i < 5; i++) {
			assertThat(report("/after/report/failing").statusCode()).isEqualTo(500);
			assertThat(report("/after/report/throwing").statusCode()).isEqualTo(500);
		}
		assertThat(report("/after/report/ok").statusCode()).isEqualTo(200);
		assertThat(report("/after/report/ok").statusCode()).isEqualTo(200);
		assertThat(report("/after/report/ok").statusCode()).isEqualTo(429);
		// a tier that does not refund them charges them
		assertThat(report("/after/report/charged").statusCode()).isEqualTo(500);
		assertThat(report("/after/report/charged").statusCode()).isEqualTo(500);
		assertThat(report("/after/report/charged").statusCode()).isEqualTo(429);
	}

	@Test
	void aPathRuleChargesAfterTheResponseToo() {
		for (int i = 0; i < 5; i++) {
			assertThat(report("/after/rule/failing").statusCode()).isEqualTo(500);
		}
		assertThat(report("/after/rule/ok").statusCode()).isEqualTo(200);
		assertThat(report("/after/rule/ok").statusCode()).isEqualTo(200);
		assertThat(report("/after/rule/ok").statusCode()).isEqualTo(429);
	}

	private HttpResponse<String> login(String password) {
		return this.http.postJson("/after/login",
				"{\"username\":\"" + this.account + "\",\"password\":\"" + password + "\"}");
	}

	private HttpResponse<String> complete(long tokens) {
		return this.http.postJson("/after/complete?tokens=" + tokens, "", "X-API-Key", this.apiKey);
	}

	private HttpResponse<String> headerCost(long tokens) {
		return this.http.postJson("/after/header?tokens=" + tokens, "", "X-API-Key", this.apiKey);
	}

	private HttpResponse<String> report(String path) {
		return this.http.postJson(path, "", "X-API-Key", this.apiKey);
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "login", key = "#login.username()")
		@PostMapping("/after/login")
		ResponseEntity<Map<String, String>> login(@RequestBody Login login) {
			if ("right".equals(login.password())) {
				return ResponseEntity.ok(Map.of("status", "signed in"));
			}
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("status", "bad credentials"));
		}

		@RateLimited(tier = "tokens")
		@PostMapping("/after/complete")
		Map<String, Long> complete(@RequestParam long tokens) {
			return Map.of("tokens", tokens);
		}

		@RateLimited(tier = "tokens")
		@PostMapping("/after/async")
		Callable<Map<String, Long>> async(@RequestParam long tokens) {
			return () -> Map.of("tokens", tokens);
		}

		@RateLimited(tier = "tokens")
		@PostMapping("/after/odd")
		Map<String, String> odd(@RequestParam String tokens) {
			return Map.of("tokens", tokens);
		}

		@RateLimited(tier = "header-tokens")
		@PostMapping("/after/header")
		ResponseEntity<String> header(@RequestParam long tokens) {
			return ResponseEntity.ok().header("X-Tokens-Used", Long.toString(tokens)).body("{}");
		}

		@RateLimited(tier = "reports")
		@PostMapping("/after/report/failing")
		ResponseEntity<Map<String, String>> failing() {
			return ResponseEntity.internalServerError().body(Map.of("status", "failed"));
		}

		@RateLimited(tier = "reports")
		@PostMapping("/after/report/throwing")
		Map<String, String> throwing() {
			throw new IllegalStateException("the report store is down");
		}

		@RateLimited(tier = "reports")
		@PostMapping("/after/report/ok")
		Map<String, String> ok() {
			return Map.of("status", "ok");
		}

		@PostMapping("/after/rule/failing")
		ResponseEntity<Map<String, String>> ruleFailing() {
			return ResponseEntity.internalServerError().body(Map.of("status", "failed"));
		}

		@PostMapping("/after/rule/ok")
		Map<String, String> ruleOk() {
			return Map.of("status", "ok");
		}

		@RateLimited(tier = "reports-charged")
		@PostMapping("/after/report/charged")
		ResponseEntity<Map<String, String>> charged() {
			return ResponseEntity.internalServerError().body(Map.of("status", "failed"));
		}

		record Login(String username, String password) {

		}

	}

}

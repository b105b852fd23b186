package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's completion, charged the tokens its result reports once it has answered,
 * over real HTTP on the Redis the sample starts: 1,000 tokens a minute admit four calls
 * of 300, the fourth overdraws by 200, and the fifth waits for 201 tokens at one per 60
 * ms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "server.forward-headers-strategy=native" })
class CompletionSampleTests {

	@LocalServerPort
	int port;

	@Test
	void sixCallsOf300TokensAdmitFourAndTheFifthWaitsOutTheDebt() {
		// behind a trusted proxy (loopback): a caller address of this test's own
		String caller = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + ":1::1";
		List<HttpResponse<String>> responses = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < 6; i++) {
			responses.add(Http.postJson(this.port, "/api/complete?tokens=300", "", "X-Forwarded-For", caller));
		}
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 200, 429, 429);
		assertThat(responses.get(0).body()).isEqualTo("{\"tokens\":300}");
		// a debt of 200 and one more token at one every 60 ms: 12.06 s from the fourth
		// call's settlement, less what refilled until the fifth call
		long retryAfter = Long.parseLong(Http.header(responses.get(4), "Retry-After"));
		assertThat(retryAfter).isBetween((long) Math.ceil((12_060 - elapsedMillis) / 1000.0), 13L);
	}

}

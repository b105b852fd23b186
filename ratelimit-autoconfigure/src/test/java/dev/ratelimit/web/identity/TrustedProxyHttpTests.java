package dev.ratelimit.web.identity;

import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client address behind proxies, as the README's safe setup gives it: Tomcat's
 * {@code RemoteIpValve} ({@code server.forward-headers-strategy=native}) believes
 * {@code X-Forwarded-For} only from 127.0.0.1, the one internal proxy here, and skips
 * hops in 203.0.113.0/24, the trusted proxies; the right-most other hop is the client. A
 * tier of 10 per hour on {@code /api/plan}.
 */
@SpringBootTest(classes = IdentityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = { "classpath:dev/ratelimit/web/identity/identity.properties",
		"classpath:dev/ratelimit/web/identity/behind-a-proxy.properties" })
class TrustedProxyHttpTests extends HttpTestBase {

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void aForgedForwardedForFromAnUntrustedPeerCountsThePeer() {
		Peer untrusted = new Peer("127.0.0.2", this.port);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			statuses.add(untrusted.get("/api/plan", "X-Forwarded-For: 198.51.100." + i));
		}
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429);
		assertThat(new Peer("127.0.0.3", this.port).get("/api/plan")).isEqualTo(200);
	}

	@Test
	void aChainThroughTrustedProxiesCountsTheRightMostUntrustedHop() {
		Peer proxy = new Peer("127.0.0.1", this.port);
		int admitted = 0;
		for (int i = 0; i < 12; i++) {
			// whatever the client puts in front of its own address changes nothing
			if (proxy.get("/api/plan", "X-Forwarded-For: 192.0.2." + i + ", 198.51.100.7, 203.0.113.5") == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(10);
		assertThat(proxy.get("/api/plan", "X-Forwarded-For: 198.51.100.7, 203.0.113.9")).isEqualTo(429);
		assertThat(proxy.get("/api/plan", "X-Forwarded-For: 198.51.100.8, 203.0.113.5")).isEqualTo(200);
	}

	@Test
	void sixtyAddressesOfOneIpv6Slash64AreOneClient() {
		Peer proxy = new Peer("127.0.0.1", this.port);
		int admitted = 0;
		for (int i = 1; i <= 60; i++) {
			if (proxy.get("/api/plan", "X-Forwarded-For: 2001:db8:aa:bb:" + Integer.toHexString(i * 977) + "::"
					+ Integer.toHexString(i)) == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(10);
		assertThat(proxy.get("/api/plan", "X-Forwarded-For: 2001:0db8:00aa:00bb:0000:0000:0000:0001")).isEqualTo(429);
		assertThat(proxy.get("/api/plan", "X-Forwarded-For: 2001:db8:aa:bc::1")).isEqualTo(200);
		assertThat(proxy.get("/api/plan", "X-Forwarded-For: 192.0.2.10")).isEqualTo(200);
		assertThat(proxy.get("/api/plan", "X-Forwarded-For: 192.0.2.11")).isEqualTo(200);
	}

}

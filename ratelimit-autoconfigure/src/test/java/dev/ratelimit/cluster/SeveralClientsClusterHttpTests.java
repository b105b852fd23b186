package dev.ratelimit.cluster;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several counted clients on one endpoint, over real HTTP on a real Redis Cluster of
 * three masters. With the two clients' keys in different slots, the declarations are
 * decided in order, one script call per slot: a later denial leaves the earlier charge in
 * place, and an earlier denial charges nothing later. With both in one slot, they are
 * decided in one call, all or nothing.
 */
class SeveralClientsClusterHttpTests {

	private static final ClientKeys KEYS = ClientKeys.keyed("cluster-secret");

	private static RedisCluster cluster;

	private static ConfigurableApplicationContext context;

	private static Http http;

	@BeforeAll
	static void start() {
		cluster = RedisCluster.start(3);
		context = new SpringApplicationBuilder(TestApplication.class, Login.class).properties("server.port=0",
				"spring.data.redis.cluster.nodes=" + String.join(",", cluster.seedNodes()),
				"ratelimit.redis.timeout=5s", "ratelimit.key.secret=cluster-secret",
				"management.endpoints.web.exposure.include=ratelimits",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.duo.limits.per-second.limit=3", "ratelimit.tiers.duo.limits.per-second.period=1s",
				"ratelimit.tiers.address.limits.attempts.limit=3", "ratelimit.tiers.address.limits.attempts.period=1h",
				"ratelimit.tiers.address.limits.attempts.algorithm=sliding-window-log",
				"ratelimit.tiers.account.limits.attempts.limit=2", "ratelimit.tiers.account.limits.attempts.period=1h",
				"ratelimit.tiers.account.limits.attempts.algorithm=sliding-window-log")
			.run();
		http = new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	@AfterAll
	static void stop() {
		context.close();
		cluster.close();
	}

	@Test
	void theTwoClientsKeysLiveInDifferentSlotsAndBothAreCharged() {
		String from = "from-" + UUID.randomUUID();
		String account = accountOnAnotherMaster(from);
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		assertThat(ClusterInspection.keys(cluster.masterOf(tag("address", from)), "rl:" + tag("address", from) + ":*"))
			.hasSize(1);
		assertThat(ClusterInspection.keys(cluster.masterOf(tag("account", account)),
				"rl:" + tag("account", account) + ":*"))
			.hasSize(1);
		// the endpoint lists each master's breaker by node id, both masters closed
		@SuppressWarnings("unchecked")
		Map<String, String> partitions = (Map<String, String>) context.getBean(RateLimitsEndpoint.class)
			.tiers()
			.get("partitions");
		assertThat(partitions).containsEntry(nodeId(cluster.masterOf(tag("address", from))), "closed")
			.containsEntry(nodeId(cluster.masterOf(tag("account", account))), "closed");
	}

	@Test
	void aLaterDenialLeavesTheEarlierChargeInPlace() {
		String from = "from-" + UUID.randomUUID();
		String account = accountOnAnotherMaster(from);
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		HttpResponse<String> byAccount = login(from, account);
		assertThat(byAccount.statusCode()).isEqualTo(429);
		assertThat(byAccount.body()).contains("\"tier\":\"account\"");
		// the address was charged for the request the account denied: 3 of 3 used
		HttpResponse<String> byAddress = login(from, "other-" + UUID.randomUUID());
		assertThat(byAddress.statusCode()).isEqualTo(429);
		assertThat(byAddress.body()).contains("\"tier\":\"address\"");
	}

	@Test
	void anEarlierDenialChargesNothingLater() {
		String from = "from-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			assertThat(login(from, "spray-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		}
		String victim = accountOnAnotherMaster(from);
		for (int i = 0; i < 5; i++) {
			assertThat(login(from, victim).statusCode()).isEqualTo(429);
		}
		// the victim's two attempts are untouched
		String elsewhere = "from-" + UUID.randomUUID();
		assertThat(login(elsewhere, victim).statusCode()).isEqualTo(200);
		assertThat(login(elsewhere, victim).statusCode()).isEqualTo(200);
		assertThat(login(elsewhere, victim).statusCode()).isEqualTo(429);
	}

	@Test
	void clientsInOneSlotAreChargedAllOrNothing() {
		String from = "from-" + UUID.randomUUID();
		String account = accountInTheSameSlot(from);
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		assertThat(login(from, account).statusCode()).isEqualTo(429);
		// the account's denial charged the address nothing: one of three is left
		assertThat(login(from, "other-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		assertThat(login(from, "other-" + UUID.randomUUID()).statusCode()).isEqualTo(429);
	}

	private static String accountInTheSameSlot(String from) {
		int slot = ClusterSlotHashUtil.calculateSlot(tag("address", from));
		while (true) {
			String account = "account-" + UUID.randomUUID();
			if (ClusterSlotHashUtil.calculateSlot(tag("account", account)) == slot) {
				return account;
			}
		}
	}

	private static String accountOnAnotherMaster(String from) {
		RedisEndpoint address = cluster.masterOf(tag("address", from));
		while (true) {
			String account = "account-" + UUID.randomUUID();
			if (!cluster.masterOf(tag("account", account)).equals(address)) {
				return account;
			}
		}
	}

	private static String tag(String tier, String value) {
		return "{" + KEYS.key(tier, KEYS.token("spel:" + value)) + "}";
	}

	private static HttpResponse<String> login(String from, String account) {
		return http.get("/cluster/login?from=" + from + "&account=" + account);
	}

	@RestController
	static class Login {

		@RateLimited(tier = "address", key = "#from")
		@RateLimited(tier = "account", key = "#account")
		@GetMapping("/cluster/login")
		Map<String, String> login(@RequestParam String from, @RequestParam String account) {
			return Map.of("ok", account);
		}

	}

	private static String nodeId(RedisEndpoint master) {
		return cluster.topology()
			.stream()
			.filter((node) -> node.endpoint().equals(master))
			.findFirst()
			.orElseThrow()
			.id();
	}

}

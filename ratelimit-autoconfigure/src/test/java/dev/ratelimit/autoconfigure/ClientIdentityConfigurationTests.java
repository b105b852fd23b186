package dev.ratelimit.autoconfigure;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.TierRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and validation of who is counted and at which tier: plan tiers, the keyed hash
 * and the address prefixes.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientIdentityConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
		.withPropertyValues("ratelimit.tiers.free.plan=true", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.paid.plan=true",
				"ratelimit.tiers.paid.limits.per-minute.limit=600", "ratelimit.tiers.paid.limits.per-minute.period=1m",
				"ratelimit.tiers.login.limits.attempts.limit=5", "ratelimit.tiers.login.limits.attempts.period=1m");

	@Test
	void tiersArePurposeTiersUnlessMarkedAsPlans() {
		this.runner.run((context) -> {
			TierRegistry registry = context.getBean(TierRegistry.class);
			assertThat(registry.require("free").plan()).isTrue();
			assertThat(registry.require("paid").plan()).isTrue();
			assertThat(registry.require("login").plan()).isFalse();
		});
	}

	@Test
	void aListedKeyNamingAPurposeTierFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.key-tiers", "names tier 'login', which is not a plan",
				"ratelimit.key-tiers.k=login");
	}

	@Test
	void aListedKeyNamingAPlanStarts() {
		this.runner.withPropertyValues("ratelimit.key-tiers.k=paid")
			.run((context) -> assertThat(context.getBean(TierRegistry.class).tierForApiKey("k")).isEqualTo("paid"));
	}

	@Test
	void prefixLengthsOutOfRangeFailNamingTheProperty() {
		assertStartupFailure("ratelimit.key.ipv4-prefix-length", "must be 1 to 32",
				"ratelimit.key.ipv4-prefix-length=33");
		assertStartupFailure("ratelimit.key.ipv6-prefix-length", "must be 1 to 128",
				"ratelimit.key.ipv6-prefix-length=0");
	}

	@Test
	void prefixLengthsBind() {
		this.runner.withPropertyValues("ratelimit.key.ipv4-prefix-length=24", "ratelimit.key.ipv6-prefix-length=48")
			.run((context) -> {
				ClientAddresses addresses = context.getBean(ClientAddresses.class);
				assertThat(addresses.normalise("192.0.2.77")).isEqualTo("192.0.2.0/24");
				assertThat(addresses.normalise("2001:db8:1:2::3")).isEqualTo("2001:db8:1:0:0:0:0:0/48");
			});
	}

	@Test
	void withoutASecretIdentitiesArePlainlyHashedAndThatIsSaidOnce(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context.getBean(ClientKeys.class).isKeyed()).isFalse();
			assertThat(context.getBean(ClientKeys.class).token("ip:192.0.2.1"))
				.isEqualTo(ClientKeys.unkeyed().token("ip:192.0.2.1"));
		});
		assertThat(output.getOut().split("ratelimit.key.secret is not set", -1)).hasSize(2);
	}

	@Test
	void withASecretIdentitiesAreKeyedAndNothingIsSaid(CapturedOutput output) {
		this.runner.withPropertyValues("ratelimit.key.secret=s3cret").run((context) -> {
			ClientKeys keys = context.getBean(ClientKeys.class);
			assertThat(keys.isKeyed()).isTrue();
			assertThat(keys.token("ip:192.0.2.1")).isEqualTo(ClientKeys.keyed("s3cret").token("ip:192.0.2.1"))
				.isNotEqualTo(ClientKeys.unkeyed().token("ip:192.0.2.1"));
		});
		assertThat(output.getOut()).doesNotContain("ratelimit.key.secret is not set");
	}

	private void assertStartupFailure(String property, String reason, String... properties) {
		StartupFailures.assertStartupFailure(this.runner, property, reason, properties);
	}

}

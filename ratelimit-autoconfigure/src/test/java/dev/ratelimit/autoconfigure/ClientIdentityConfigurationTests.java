package dev.ratelimit.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.TierRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;

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
	void keysListedOnPlansSelectTheirPlanAndCountAsListed() {
		this.runner
			.withPropertyValues("ratelimit.tiers.paid.api-keys[0]=sk_paid_1",
					"ratelimit.tiers.paid.api-keys[1]=sk_paid_2", "ratelimit.tiers.free.api-keys=sk_free_1")
			.run((context) -> {
				TierRegistry registry = context.getBean(TierRegistry.class);
				assertThat(registry.tierForApiKey("sk_paid_1")).isEqualTo("paid");
				assertThat(registry.tierForApiKey("sk_paid_2")).isEqualTo("paid");
				assertThat(registry.tierForApiKey("sk_free_1")).isEqualTo("free");
				assertThat(registry.isListed("sk_free_1")).isTrue();
				assertThat(registry.isListed("sk_other")).isFalse();
				assertThat(registry.tierForApiKey("sk_other")).isNull();
			});
	}

	@Test
	void keysListedOnAPurposeTierFailNamingThePropertyButNotTheKey() {
		assertListedKeysFailure("'ratelimit.tiers.login.api-keys': tier 'login' is not a plan",
				"ratelimit.tiers.login.api-keys=sk_secret_1");
	}

	@Test
	void aKeyListedTwiceOnOnePlanFailsNamingBothIndicesButNotTheKey() {
		assertListedKeysFailure(
				"'ratelimit.tiers.paid.api-keys[2]': lists the same API key as ratelimit.tiers.paid.api-keys[0]",
				"ratelimit.tiers.paid.api-keys=sk_secret_1,sk_other,sk_secret_1");
	}

	@Test
	void aKeyListedOnTwoPlansFailsNamingBothTiersButNotTheKey() {
		assertListedKeysFailure(
				"'ratelimit.tiers.paid.api-keys[0]': lists the same API key as ratelimit.tiers.free.api-keys[1]",
				"ratelimit.tiers.free.api-keys[0]=sk_other", "ratelimit.tiers.free.api-keys[1]=sk_secret_1",
				"ratelimit.tiers.paid.api-keys[0]=sk_secret_1");
	}

	@Test
	void aBlankKeyFailsNamingItsIndex() {
		assertListedKeysFailure("'ratelimit.tiers.paid.api-keys[1]': is blank",
				"ratelimit.tiers.paid.api-keys[0]=sk_secret_1", "ratelimit.tiers.paid.api-keys[1]=  ");
	}

	@Test
	void aKeyWithSurroundingWhitespaceFailsNamingItsIndexButNotTheKey() {
		// a property source of its own: withPropertyValues trims values
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("padded", Map.of("ratelimit.tiers.paid.api-keys[0]", "sk_secret_1 "))))
			.run((context) -> assertListedKeysFailure(context,
					"'ratelimit.tiers.paid.api-keys[0]': has leading or trailing whitespace"));
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

	private void assertListedKeysFailure(String message, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> assertListedKeysFailure(context, message));
	}

	private static void assertListedKeysFailure(AssertableApplicationContext context, String message) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(message);
		StringWriter trace = new StringWriter();
		context.getStartupFailure().printStackTrace(new PrintWriter(trace));
		assertThat(trace.toString()).doesNotContain("sk_secret_1");
	}

	private void assertStartupFailure(String property, String reason, String... properties) {
		StartupFailures.assertStartupFailure(this.runner, property, reason, properties);
	}

}

package dev.ratelimit.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A caller's plan replaces only a plan tier, and only with a plan tier; a failed key
 * counts the caller on the requested tier; an address key is the caller's address.
 */
class CountedClientResolverTests {

	private final TierRegistry registry = new TierRegistry(
			List.of(tier("free", true), tier("paid", true), tier("login", false)), Map.of());

	@Test
	void aPlanReplacesAPlanTier() {
		assertThat(resolve((request, requested) -> "paid", "free").tier().name()).isEqualTo("paid");
	}

	@Test
	void aPurposeTierIsNeverReplacedAndTheResolverNotAsked() {
		TierResolver failing = (request, requested) -> {
			throw new AssertionError("asked about a purpose tier");
		};
		assertThat(resolve(failing, "login").tier().name()).isEqualTo("login");
	}

	@Test
	void aResolverNamingAPurposeOrUnknownTierIsIgnored() {
		assertThat(resolve((request, requested) -> "login", "free").tier().name()).isEqualTo("free");
		assertThat(resolve((request, requested) -> "gold", "free").tier().name()).isEqualTo("free");
	}

	@Test
	void theKeyIsTheTierAndTheHashedIdentity() {
		CountedClient client = resolve((request, requested) -> requested, "free");
		String token = ClientKeys.keyed("s").token("ip:192.0.2.1");
		assertThat(client.token()).isEqualTo(token);
		assertThat(client.key()).isEqualTo("free:" + token);
	}

	@Test
	void whereAKeyFailedTheCallerIsCountedOnTheRequestedTierAndNoResolverAsked() {
		TierResolver failing = (request, requested) -> {
			throw new AssertionError("asked for the caller's plan");
		};
		CountedClient client = resolver(failing).resolveWithoutPlan(new MockHttpServletRequest(), "free");
		assertThat(client.tier().name()).isEqualTo("free");
		assertThat(client.key()).isEqualTo("free:" + ClientKeys.keyed("s").token("ip:192.0.2.1"));
	}

	@Test
	void anAddressKeyIsTheDefaultResolversAddressAndAnyOtherValueIsAClientOfItsOwn() {
		CountedClientResolver resolver = resolver((request, requested) -> requested);
		MockHttpServletRequest request = new MockHttpServletRequest();
		String caller = resolver.resolve(request, "free", null).key();
		assertThat(resolver.resolveAddress(request, "free", "ip:192.0.2.1").key()).isEqualTo(caller);
		assertThat(resolver.resolveNamed(request, "free", "ip:192.0.2.1").key()).isNotEqualTo(caller);
	}

	@Test
	void listedKeysMayNameOnlyPlans() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TierRegistry(List.of(tier("login", false)), Map.of("k", "login")));
	}

	private CountedClient resolve(TierResolver tierResolver, String requested) {
		return resolver(tierResolver).resolve(new MockHttpServletRequest(), requested, null);
	}

	private CountedClientResolver resolver(TierResolver tierResolver) {
		return new CountedClientResolver(this.registry, (request) -> "ip:192.0.2.1", tierResolver,
				ClientKeys.keyed("s"), (request) -> "ip:192.0.2.1", (request, tier) -> tier);
	}

	private static Tier tier(String name, boolean plan) {
		return new Tier(name, List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1), 10)),
				FailurePolicy.FAIL_OPEN, false, false, plan);
	}

}

package dev.ratelimit.web;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.core.ClientAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity rule both stacks count a caller by: a known key, else a principal (never
 * an anonymous authentication), else a masked address; a verifier that fails counts keys
 * as unknown and is reported once.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallerIdentitiesTests {

	private final AtomicBoolean verifierDown = new AtomicBoolean();

	private final CallerIdentities callers = new CallerIdentities("X-API-Key", (key) -> {
		if (this.verifierDown.get()) {
			throw new IllegalStateException("database away");
		}
		return key.equals("sk-known-4711");
	}, new ClientAddresses(32, 64));

	@Test
	void aKnownKeyIsItsOwnClientAndAnInventedOneIsNoKey() {
		assertThat(this.callers.ofApiKey("sk-known-4711")).isEqualTo("key:sk-known-4711");
		assertThat(this.callers.ofApiKey("invented")).isNull();
		assertThat(this.callers.ofApiKey(" ")).isNull();
		assertThat(this.callers.ofApiKey(null)).isNull();
	}

	@Test
	void aPrincipalCountsByItsNameAndAnAddressByItsNetwork() {
		Principal alice = () -> "alice";
		Principal nameless = () -> "";
		assertThat(this.callers.ofPrincipal(alice)).isEqualTo("user:alice");
		assertThat(this.callers.ofPrincipal(nameless)).isNull();
		assertThat(this.callers.ofPrincipal(null)).isNull();
		assertThat(this.callers.ofAddress("2001:db8:1:2:3:4:5:6"))
			.isEqualTo(this.callers.ofAddress("2001:db8:1:2:ffff:4:5:6"));
	}

	@Test
	void anAnonymousAuthenticationIsNoPrincipalOfItsOwn() {
		Principal anonymous = new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(this.callers.ofPrincipal(anonymous)).isNull();
	}

	@Test
	void aFailingVerifierCountsKeysAsUnknownAndIsReportedOncePerEpisode(CapturedOutput output) {
		this.verifierDown.set(true);
		assertThat(this.callers.ofApiKey("sk-known-4711")).isNull();
		assertThat(this.callers.ofApiKey("sk-known-4711")).isNull();
		assertThat(output.getOut().split("ApiKeyVerifier failed", -1)).hasSize(2);
		assertThat(output.getOut()).doesNotContain("sk-known-4711");
		this.verifierDown.set(false);
		assertThat(this.callers.ofApiKey("sk-known-4711")).isEqualTo("key:sk-known-4711");
		this.verifierDown.set(true);
		assertThat(this.callers.ofApiKey("sk-known-4711")).isNull();
		assertThat(output.getOut().split("ApiKeyVerifier failed", -1)).hasSize(3);
	}

}

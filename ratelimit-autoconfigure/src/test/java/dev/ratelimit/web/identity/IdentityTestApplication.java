package dev.ratelimit.web.identity;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.app.TestSecurity;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose clients are told apart only as the starter does by default: one
 * verified API key, one listed key, principals, and addresses.
 */
@SpringBootApplication
public class IdentityTestApplication {

	static final String VERIFIED_KEY = "verified-key-1";

	static final String LISTED_PAID_KEY = "listed-paid-key";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return TestSecurity.basic(http);
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return TestSecurity.users("alice");
	}

	@Bean
	ApiKeyVerifier issuedKeys() {
		Set<String> issued = Set.of(VERIFIED_KEY);
		return issued::contains;
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "free")
		@GetMapping("/api/plan")
		Map<String, String> plan() {
			return Map.of("ok", "plan");
		}

		@RateLimited(tier = "login", key = "#address")
		@GetMapping("/api/by-address")
		Map<String, String> byAddress() {
			return Map.of("ok", "by-address");
		}

		@RateLimited(tier = "login", key = "#login.username().toLowerCase(T(java.util.Locale).ROOT)")
		@PostMapping("/api/login")
		Map<String, String> login(@RequestBody Login login) {
			return Map.of("user", login.username().toLowerCase(Locale.ROOT));
		}

		@RateLimited(tier = "spel", key = "#missing.length()")
		@GetMapping("/api/spel/error")
		Map<String, String> error() {
			return Map.of("ok", "error");
		}

		@RateLimited(tier = "spel", key = "#name")
		@GetMapping("/api/spel/null")
		Map<String, String> absent(@RequestParam(required = false) @Nullable String name) {
			return Map.of("ok", "null");
		}

		@RateLimited(tier = "spel", key = "new java.lang.Object()")
		@GetMapping("/api/spel/identity")
		Map<String, String> identityString() {
			return Map.of("ok", "identity");
		}

		@RateLimited(tier = "spel", key = "''")
		@GetMapping("/api/spel/empty")
		Map<String, String> empty() {
			return Map.of("ok", "empty");
		}

		@RateLimited(tier = "spel", key = "#tags")
		@GetMapping("/api/spel/array")
		Map<String, String> array(@RequestParam String[] tags) {
			return Map.of("ok", "array");
		}

		@RateLimited(tier = "spel", key = "#tags")
		@GetMapping("/api/spel/set")
		Map<String, String> set(@RequestParam Set<String> tags) {
			return Map.of("ok", "set");
		}

		@RateLimited(tier = "spel", key = "#tags")
		@GetMapping("/api/spel/list")
		Map<String, String> list(@RequestParam List<String> tags) {
			return Map.of("ok", "list");
		}

	}

	/**
	 * A login attempt.
	 *
	 * @param username the account
	 * @param password the password
	 */
	record Login(String username, String password) {
	}

}

package dev.ratelimit.web.app;

import java.util.Map;

import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.RateLimited;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application exercising every way of applying a tier.
 */
@SpringBootApplication
public class TestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return TestSecurity.basic(http);
	}

	/**
	 * Every API key counts as its own client here, so that tests can give each case a
	 * fresh bucket with a fresh key; the identity tests use their own application.
	 */
	@Bean
	ApiKeyVerifier everyKeyIsKnown() {
		return (apiKey) -> true;
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return TestSecurity.users("alice", "bob");
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "free")
		@GetMapping("/api/free")
		Map<String, String> free() {
			return Map.of("ok", "free");
		}

		@GetMapping("/api/rule/thing")
		Map<String, String> rule() {
			return Map.of("ok", "rule");
		}

		// one path per rule of a test that shares this application with others
		@GetMapping("/api/rules/{rule}/thing")
		Map<String, String> rules(@PathVariable String rule) {
			return Map.of("ok", rule);
		}

		@RateLimited(tier = "free")
		@GetMapping("/api/both")
		Map<String, String> both() {
			return Map.of("ok", "both");
		}

		@RateLimited(tier = "free", cost = 3)
		@GetMapping("/api/costly")
		Map<String, String> costly() {
			return Map.of("ok", "costly");
		}

		@RateLimited(tier = "free", cost = 6)
		@GetMapping("/api/too-costly")
		Map<String, String> tooCostly() {
			return Map.of("ok", "never");
		}

		@RateLimited(tier = "free", key = "#tenant")
		@GetMapping("/api/tenant/{tenant}")
		Map<String, String> tenant(@PathVariable String tenant) {
			return Map.of("ok", tenant);
		}

		@RateLimited(tier = "duo")
		@GetMapping("/api/duo")
		Map<String, String> duo() {
			return Map.of("ok", "duo");
		}

		@GetMapping("/api/open")
		Map<String, String> open() {
			return Map.of("ok", "open");
		}

	}

}

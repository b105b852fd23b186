package dev.ratelimit.web.security;

import java.util.Map;

import dev.ratelimit.web.app.TestSecurity;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application behind HTTP Basic: Spring Security answers a bad credential itself, with
 * a 401, before any controller or late filter sees the request.
 */
@SpringBootApplication
public class SecuredTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return TestSecurity.basic(http, true);
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return TestSecurity.users("alice");
	}

	@RestController
	static class Endpoints {

		@GetMapping("/secure/data")
		Map<String, String> data() {
			return Map.of("ok", "data");
		}

		@GetMapping("/secure/other")
		Map<String, String> other() {
			return Map.of("ok", "other");
		}

	}

}

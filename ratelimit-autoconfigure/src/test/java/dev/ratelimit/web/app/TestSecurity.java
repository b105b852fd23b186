package dev.ratelimit.web.app;

import java.util.Arrays;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The HTTP Basic set-up the test applications share: users whose password is
 * {@code secret}, and a chain that lets every request through, authenticating those that
 * send credentials (a bad one is answered 401).
 */
public final class TestSecurity {

	private TestSecurity() {
	}

	public static SecurityFilterChain basic(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	public static InMemoryUserDetailsManager users(String... names) {
		return new InMemoryUserDetailsManager(Arrays.stream(names)
			.map((name) -> User.withUsername(name).password("{noop}secret").roles("USER").build())
			.toList());
	}

}

package dev.ratelimit.sample;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may call what: {@code /api/**} is open to everyone (the rate limiter decides how
 * much), {@code health} and {@code prometheus} are open without details, and every other
 * actuator endpoint (among them {@code ratelimits}, whose reset would hand a password
 * guesser fresh attempts) and {@code /admin/**} need the {@code ADMIN} role over HTTP
 * Basic.
 * <p>
 * The admin's password is {@code sample.admin.password} (the environment variable
 * {@code SAMPLE_ADMIN_PASSWORD}); when that is unset, a random one is generated and
 * logged once at startup. There is no fixed default.
 * <p>
 * CSRF protection is off in both chains. Nothing here authenticates by cookie or session
 * (both chains are stateless), and every state-changing admin call takes a JSON body
 * ({@code PUT}/{@code DELETE} on {@code /admin/**}, a JSON {@code POST} to actuator),
 * which a page on another site cannot send without a CORS preflight that this application
 * never grants; a cross-site form's {@code text/plain} post is refused with 415.
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurityConfiguration {

	/** The admin's user name. */
	static final String ADMIN = "admin";

	/**
	 * Property holding the admin's password (environment: {@code SAMPLE_ADMIN_PASSWORD}).
	 */
	static final String PASSWORD_PROPERTY = "sample.admin.password";

	private static final Logger logger = LoggerFactory.getLogger(SampleSecurityConfiguration.class);

	@Bean
	@Order(0)
	SecurityFilterChain probeSecurityFilterChain(HttpSecurity http) throws Exception {
		// no authentication mechanism: credentials sent here are never checked, so these
		// open endpoints cannot serve as an unlimited password oracle
		http.securityMatcher(EndpointRequest.to("health", "prometheus"))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return stateless(http).build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain adminSecurityFilterChain(HttpSecurity http) throws Exception {
		// every path of this chain is counted by the before-security admin-guard rule
		http.securityMatcher(new OrRequestMatcher(EndpointRequest.toAnyEndpoint().excluding("health", "prometheus"),
				PathPatternRequestMatcher.pathPattern("/admin/**")))
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults());
		return stateless(http).build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http) throws Exception {
		// no authentication mechanism here: an Authorization header on /api/** is
		// ignored,
		// as without Spring Security, and callers are counted by key or address
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/api/**", "/error").permitAll().anyRequest().denyAll());
		return stateless(http).build();
	}

	@Bean
	InMemoryUserDetailsManager adminUser(Environment environment) {
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		return new InMemoryUserDetailsManager(
				User.withUsername(ADMIN).password(encoder.encode(adminPassword(environment))).roles("ADMIN").build());
	}

	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable());
	}

	private static String adminPassword(Environment environment) {
		String configured = environment.getProperty(PASSWORD_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		byte[] random = new byte[18];
		new SecureRandom().nextBytes(random);
		String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		logger.warn("Generated password for the sample's admin user '" + ADMIN + "': " + generated
				+ " (set SAMPLE_ADMIN_PASSWORD to choose one; every node of a cluster needs the same)");
		return generated;
	}

}

package dev.ratelimit.sample;

import java.util.Map;

import dev.ratelimit.web.RateLimited;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in login that throttles attempts per account: the SpEL key counts every attempt
 * on one username together, whatever its case and from whichever address or node it
 * comes, which is what slows down password guessing. {@code login} is a purpose tier, so
 * a paid API key gets no more attempts than anyone.
 */
@RestController
class LoginController {

	/** The only password this demonstration accepts. */
	static final String DEMO_PASSWORD = "demo";

	@RateLimited(tier = "login", key = "#login.username().toLowerCase(T(java.util.Locale).ROOT)")
	@PostMapping("/api/login")
	ResponseEntity<Map<String, String>> login(@RequestBody LoginRequest login) {
		if (DEMO_PASSWORD.equals(login.password())) {
			return ResponseEntity.ok(Map.of("user", login.username(), "status", "signed in"));
		}
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("status", "bad credentials"));
	}

	/**
	 * A login attempt.
	 *
	 * @param username the account
	 * @param password the password
	 */
	record LoginRequest(String username, String password) {
	}

}

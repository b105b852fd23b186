package dev.ratelimit.sample;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

import dev.ratelimit.web.RateLimited;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in login that throttles attempts per address and failures per account. The
 * address budget ({@code login-address}, 20 a minute) counts every attempt and stops one
 * address from spraying passwords over many usernames; the account budget ({@code login},
 * 5 failures a minute) counts the failed attempts on one account together, whatever the
 * spelling of its name and from whichever address or node they come, which is what slows
 * down guessing one password, while a user who logs in correctly ten times is not a
 * guesser. Each attempt is charged to both before the password is checked, so parallel
 * guesses cannot outrun the budget; a success is given its unit of the account's budget
 * back once answered. Both are purpose tiers, so a paid API key gets no more attempts
 * than anyone.
 */
@RestController
class LoginController {

	/** The only password this demonstration accepts. */
	static final String DEMO_PASSWORD = "demo";

	@RateLimited(tier = "login-address", key = "#address")
	@RateLimited(tier = "login", key = "#login.account()")
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

		/**
		 * Return the account the username names: Unicode NFKC, trimmed, case-folded, so
		 * that {@code alice}, {@code Alice } and a full-width {@code ａｌｉｃｅ} are one
		 * account with one budget.
		 * @return the account, empty without a username
		 */
		public String account() {
			if (this.username == null) {
				return "";
			}
			String normalised = Normalizer.normalize(this.username, Normalizer.Form.NFKC).strip();
			return normalised.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
		}

	}

}

package dev.ratelimit.sample;

import java.util.Map;

import dev.ratelimit.web.RateLimited;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in LLM completion whose cost is known only once it has answered: the tokens it
 * used, which the {@code tokens} tier reads from the result ({@code cost-from-result:
 * tokens}) and charges after the response. The caller is admitted while it has tokens
 * left and may overdraw with its last call; it then waits until the debt is repaid.
 */
@RestController
class CompletionController {

	@RateLimited(tier = "tokens")
	@PostMapping("/api/complete")
	Map<String, Long> complete(@RequestParam long tokens) {
		return Map.of("tokens", tokens);
	}

}

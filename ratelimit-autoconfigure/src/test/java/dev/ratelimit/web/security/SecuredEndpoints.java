package dev.ratelimit.web.security;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints behind the shared application's HTTP Basic: Spring Security answers a bad
 * credential itself, with a 401, before any controller or late filter sees the request.
 */
@RestController
public class SecuredEndpoints {

	@GetMapping("/secure/data")
	Map<String, String> data() {
		return Map.of("ok", "data");
	}

	@GetMapping("/secure/other")
	Map<String, String> other() {
		return Map.of("ok", "other");
	}

}

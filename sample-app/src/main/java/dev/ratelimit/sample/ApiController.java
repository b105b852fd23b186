package dev.ratelimit.sample;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's endpoints.
 */
@RestController
class ApiController {

	@GetMapping("/api/ping")
	Map<String, String> ping() {
		return Map.of("status", "ok");
	}

}

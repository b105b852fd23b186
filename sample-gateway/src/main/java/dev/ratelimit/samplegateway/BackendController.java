package dev.ratelimit.samplegateway;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The backend the routes reach unless {@code sample.backend-uri} names another: it
 * answers every {@code /backend/**} request with the path it received and an
 * {@code X-Served-By} header, so that a caller sees what the gateway passed on.
 */
@RestController
class BackendController {

	@GetMapping("/backend/**")
	ResponseEntity<Map<String, String>> serve(HttpServletRequest request) {
		return ResponseEntity.ok()
			.header("X-Served-By", "sample-gateway-backend")
			.body(Map.of("path", request.getRequestURI()));
	}

}

package dev.ratelimit.sample;

import java.util.Map;

import dev.ratelimit.web.RateLimited;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Exports: a slow call limited by how many of one client's run at once, not by how many
 * arrive ({@code export} tier: at most 3 in flight per client across the fleet).
 */
@RestController
class ExportController {

	/** Longest export a caller may ask for, in milliseconds. */
	static final long MAX_MILLIS = 10_000;

	private final NodeName node;

	ExportController(NodeName node) {
		this.node = node;
	}

	/**
	 * Work for {@code ms} milliseconds, standing for an export's real work.
	 * @param ms the work's length, from 0 to {@value #MAX_MILLIS}
	 * @return what was exported
	 * @throws InterruptedException if the server stops meanwhile
	 */
	@RateLimited(tier = "export")
	@GetMapping("/api/export")
	Map<String, Object> export(@RequestParam(defaultValue = "500") long ms) throws InterruptedException {
		if (ms < 0 || ms > MAX_MILLIS) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ms must be from 0 to " + MAX_MILLIS);
		}
		Thread.sleep(ms);
		return Map.of("export", "done", "ms", ms, "node", this.node.get());
	}

}

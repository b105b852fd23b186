package dev.ratelimit.sample;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Names the node that served a request, so a client behind a load balancer can see
 * the round robin at work: {@code sample.node} when set, else {@code node-<port>}.
 */
@Component
class NodeName {

	private final Environment environment;

	NodeName(Environment environment) {
		this.environment = environment;
	}

	String get() {
		String configured = this.environment.getProperty("sample.node");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		// known only once the web server has started, hence read per call
		return "node-" + this.environment.getProperty("local.server.port", "?");
	}

}

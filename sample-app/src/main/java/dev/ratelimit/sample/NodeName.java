package dev.ratelimit.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Names the node that served a request, so a client behind a load balancer can see the
 * round robin at work: {@code sample.node} when set, else {@code node-<port>}.
 */
@Component
class NodeName {

	private final Environment environment;

	private volatile @Nullable String name;

	NodeName(Environment environment) {
		this.environment = environment;
	}

	String get() {
		String name = this.name;
		if (name == null) {
			name = resolve();
			// the port is known only once the web server has started: keep the name from
			// then on
			if (!name.endsWith("?")) {
				this.name = name;
			}
		}
		return name;
	}

	private String resolve() {
		String configured = this.environment.getProperty("sample.node");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return "node-" + this.environment.getProperty("local.server.port", "?");
	}

}

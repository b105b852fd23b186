package dev.ratelimit.web.inflight;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs the {@link InFlightApplication} in a process of its own, with the properties given
 * as arguments ({@code --name=value}), so that a test can kill it.
 */
public final class InFlightNode {

	private InFlightNode() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(InFlightApplication.class).run(args);
	}

}

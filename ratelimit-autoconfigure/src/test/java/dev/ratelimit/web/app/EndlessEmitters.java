package dev.ratelimit.web.app;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Emitters that send a tick at a fixed rate until the client goes away or the emitter
 * completes, for tests of responses that never end on their own.
 */
public final class EndlessEmitters {

	private EndlessEmitters() {
	}

	/**
	 * Send a tick on an emitter at a fixed rate, from the first moment, until a send
	 * fails, which completes the emitter with the failure, or the emitter completes.
	 * @param <E> the type of emitter
	 * @param emitter the emitter
	 * @param executor the executor that sends the ticks
	 * @param period the time between ticks
	 * @return the emitter
	 */
	public static <E extends ResponseBodyEmitter> E ticking(E emitter, ScheduledExecutorService executor,
			Duration period) {
		var ticks = executor.scheduleAtFixedRate(() -> {
			try {
				emitter.send("tick");
			}
			catch (IOException | IllegalStateException ex) {
				emitter.completeWithError(ex);
				throw new IllegalStateException("stop ticking", ex);
			}
		}, 0, period.toMillis(), TimeUnit.MILLISECONDS);
		emitter.onCompletion(() -> ticks.cancel(false));
		return emitter;
	}

}

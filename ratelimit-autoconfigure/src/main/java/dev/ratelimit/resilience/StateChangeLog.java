package dev.ratelimit.resilience;

import java.time.Duration;

import dev.ratelimit.core.RateLimitObserver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured line per state change (fallback start and end, breaker
 * transitions), tagged with the node id; never one per request, never a client key.
 */
public class StateChangeLog implements RateLimitObserver {

	private static final Logger logger = LoggerFactory.getLogger(StateChangeLog.class);

	private final String nodeId;

	/**
	 * Create a log.
	 * @param nodeId identifies this node in every line
	 */
	public StateChangeLog(String nodeId) {
		this.nodeId = nodeId;
	}

	@Override
	public void fallbackStarted(Throwable cause) {
		logger.atWarn()
			.addKeyValue("ratelimit.node", this.nodeId)
			.addKeyValue("ratelimit.event", "fallback_started")
			.log("Rate limiter backend unavailable, failure policies apply: {}", cause.getMessage());
	}

	@Override
	public void fallbackEnded(Duration duration) {
		logger.atInfo()
			.addKeyValue("ratelimit.node", this.nodeId)
			.addKeyValue("ratelimit.event", "fallback_ended")
			.addKeyValue("ratelimit.episode_ms", duration.toMillis())
			.log("Rate limiter backend answering again after {} ms", duration.toMillis());
	}

	/**
	 * Log every state transition of a breaker.
	 * @param breaker the breaker
	 */
	public void watch(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition(this::transition);
	}

	private void transition(CircuitBreakerOnStateTransitionEvent event) {
		logger.atInfo()
			.addKeyValue("ratelimit.node", this.nodeId)
			.addKeyValue("ratelimit.event", "breaker_transition")
			.addKeyValue("ratelimit.breaker_from", event.getStateTransition().getFromState().name())
			.addKeyValue("ratelimit.breaker_to", event.getStateTransition().getToState().name())
			.log("Rate limiter circuit breaker {}", event.getStateTransition());
	}

}

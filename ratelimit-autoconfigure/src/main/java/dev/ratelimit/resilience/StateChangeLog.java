package dev.ratelimit.resilience;

import java.time.Duration;

import dev.ratelimit.core.RateLimitObserver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one structured line per state change (fallback start and end, breaker
 * transitions), tagged with the node id and the store partition; never one per request,
 * never a client key.
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
	public void fallbackStarted(String partition, Throwable cause) {
		logger.atWarn()
			.addKeyValue("ratelimit.node", this.nodeId)
			.addKeyValue("ratelimit.partition", partition)
			.addKeyValue("ratelimit.event", "fallback_started")
			.log("Rate limiter backend{} unavailable, failure policies apply: {}", where(partition),
					cause.getMessage());
	}

	@Override
	public void fallbackEnded(String partition, Duration duration) {
		logger.atInfo()
			.addKeyValue("ratelimit.node", this.nodeId)
			.addKeyValue("ratelimit.partition", partition)
			.addKeyValue("ratelimit.event", "fallback_ended")
			.addKeyValue("ratelimit.episode_ms", duration.toMillis())
			.log("Rate limiter backend{} answering again after {} ms", where(partition), duration.toMillis());
	}

	/**
	 * Log every state transition of every partition's breaker.
	 * @param breakers the breakers
	 */
	public void watch(PartitionBreakers breakers) {
		breakers.forEach(this::watch);
	}

	/**
	 * Log every state transition of a breaker.
	 * @param partition the store partition it guards, empty when the store has one
	 * @param breaker the breaker
	 */
	public void watch(String partition, CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition((event) -> transition(partition, event));
	}

	private void transition(String partition, CircuitBreakerOnStateTransitionEvent event) {
		logger.atInfo()
			.addKeyValue("ratelimit.node", this.nodeId)
			.addKeyValue("ratelimit.partition", partition)
			.addKeyValue("ratelimit.event", "breaker_transition")
			.addKeyValue("ratelimit.breaker_from", event.getStateTransition().getFromState().name())
			.addKeyValue("ratelimit.breaker_to", event.getStateTransition().getToState().name())
			.log("Rate limiter circuit breaker{} {}", where(partition), event.getStateTransition());
	}

	private static String where(String partition) {
		return partition.isEmpty() ? "" : " of partition " + partition;
	}

}

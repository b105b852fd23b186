package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Forwards every event to several observers.
 */
public final class CompositeRateLimitObserver implements RateLimitObserver {

	private final List<RateLimitObserver> observers;

	/**
	 * Create a composite.
	 * @param observers the observers, called in order
	 */
	public CompositeRateLimitObserver(List<RateLimitObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public void decided(Tier tier, Outcome outcome, @Nullable Decision decision) {
		this.observers.forEach((observer) -> observer.decided(tier, outcome, decision));
	}

	@Override
	public void backendCall(Duration latency, boolean success) {
		this.observers.forEach((observer) -> observer.backendCall(latency, success));
	}

	@Override
	public void fallbackStarted(String partition, Throwable cause) {
		this.observers.forEach((observer) -> observer.fallbackStarted(partition, cause));
	}

	@Override
	public void fallbackEnded(String partition, Duration duration) {
		this.observers.forEach((observer) -> observer.fallbackEnded(partition, duration));
	}

}

package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Stages;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import org.jspecify.annotations.Nullable;

/**
 * Builds the Resilience4j breakers around Redis, with a randomized open-state wait.
 */
public final class Breakers {

	private Breakers() {
	}

	/**
	 * Create a breaker.
	 * @param name the breaker's name
	 * @param failureRateThreshold failure percentage that opens it
	 * @param slidingWindowSize calls in the count-based window
	 * @param minimumNumberOfCalls calls before the rate is evaluated
	 * @param waitInOpenState mean open-state wait
	 * @param waitJitter spread of the wait as a fraction, 0 inclusive to 1 exclusive
	 * @param permittedCallsInHalfOpenState probes while half-open
	 * @return the breaker
	 */
	public static CircuitBreaker create(String name, float failureRateThreshold, int slidingWindowSize,
			int minimumNumberOfCalls, Duration waitInOpenState, double waitJitter, int permittedCallsInHalfOpenState) {
		return CircuitBreaker.of(name, config(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
				waitInOpenState, waitJitter, permittedCallsInHalfOpenState));
	}

	/**
	 * Build the configuration of a breaker around the store, counting only the store's
	 * failures.
	 * @param failureRateThreshold failure percentage that opens it
	 * @param slidingWindowSize calls in the count-based window
	 * @param minimumNumberOfCalls calls before the rate is evaluated
	 * @param waitInOpenState mean open-state wait
	 * @param waitJitter spread of the wait as a fraction, 0 inclusive to 1 exclusive
	 * @param permittedCallsInHalfOpenState probes while half-open
	 * @return the configuration
	 */
	public static CircuitBreakerConfig config(float failureRateThreshold, int slidingWindowSize,
			int minimumNumberOfCalls, Duration waitInOpenState, double waitJitter, int permittedCallsInHalfOpenState) {
		IntervalFunction wait = (waitJitter > 0) ? IntervalFunction.ofRandomized(waitInOpenState, waitJitter)
				: IntervalFunction.of(waitInOpenState);
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(slidingWindowSize)
			.minimumNumberOfCalls(minimumNumberOfCalls)
			.failureRateThreshold(failureRateThreshold)
			.waitIntervalFunctionInOpenState(wait)
			.permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpenState)
			.recordExceptions(RateLimitBackendException.class)
			.build();
	}

	/**
	 * Call the store through a breaker, timing the call for the breaker and the observer.
	 * Any other throwable is rethrown with the breaker's permission released, which would
	 * otherwise leak: in half-open state a few leaked permissions keep it from closing.
	 * @param <T> the result's type
	 * @param breaker the breaker
	 * @param observer receives the call's latency and outcome
	 * @param call the call
	 * @param answered runs after the store answered
	 * @param failed receives the store's failure
	 * @return the call's result, or {@code null} if the breaker refused or the store
	 * failed
	 */
	static <T> @Nullable T call(CircuitBreaker breaker, RateLimitObserver observer, Supplier<T> call, Runnable answered,
			Consumer<RateLimitBackendException> failed) {
		// the call is over when the supplier returns, so the stage is complete here
		return Stages
			.join(callAsync(breaker, observer, () -> CompletableFuture.completedFuture(call.get()), answered, failed));
	}

	/**
	 * Call the store through a breaker without waiting for it, as {@link #call} does: the
	 * call is timed to the completion of its stage. The permission is released when the
	 * stage fails with anything but the store's failure, or when the returned stage is
	 * cancelled before the call completes.
	 * @param <T> the result's type
	 * @param breaker the breaker
	 * @param observer receives the call's latency and outcome
	 * @param call starts the call
	 * @param answered runs after the store answered
	 * @param failed receives the store's failure
	 * @return the call's result, or {@code null} if the breaker refused or the store
	 * failed
	 */
	static <T> CompletableFuture<@Nullable T> callAsync(CircuitBreaker breaker, RateLimitObserver observer,
			Supplier<? extends CompletionStage<T>> call, Runnable answered,
			Consumer<RateLimitBackendException> failed) {
		if (!breaker.tryAcquirePermission()) {
			return CompletableFuture.completedFuture(null);
		}
		long start = System.nanoTime();
		CompletionStage<T> pending;
		try {
			pending = call.get();
		}
		catch (Throwable ex) {
			pending = CompletableFuture.failedFuture(ex);
		}
		AtomicBoolean permitted = new AtomicBoolean(true);
		CompletableFuture<@Nullable T> guarded = new CompletableFuture<>();
		pending.whenComplete((result, failure) -> {
			if (!permitted.compareAndSet(true, false)) {
				// cancelled meanwhile, its permission released
				return;
			}
			long elapsed = System.nanoTime() - start;
			Throwable cause = (failure != null) ? Stages.cause(failure) : null;
			try {
				if (cause == null) {
					breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
					observer.backendCall(Duration.ofNanos(elapsed), true);
					answered.run();
					guarded.complete(result);
				}
				else if (cause instanceof RateLimitBackendException ex) {
					breaker.onError(elapsed, TimeUnit.NANOSECONDS, ex);
					observer.backendCall(Duration.ofNanos(elapsed), false);
					failed.accept(ex);
					guarded.complete(null);
				}
				else {
					breaker.releasePermission();
					guarded.completeExceptionally(cause);
				}
			}
			catch (Throwable ex) {
				guarded.completeExceptionally(ex);
			}
		});
		guarded.whenComplete((result, failure) -> {
			if (guarded.isCancelled() && permitted.compareAndSet(true, false)) {
				breaker.releasePermission();
			}
		});
		return guarded;
	}

}

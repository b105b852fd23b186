/**
 * Keeping the service answering when the shared store is slow or gone: a circuit breaker
 * around it and the configured failure policies.
 */
@NullMarked
package dev.ratelimit.resilience;

import org.jspecify.annotations.NullMarked;

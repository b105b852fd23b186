package dev.ratelimit.web;

import org.jspecify.annotations.Nullable;

/**
 * How a tier is charged once the response is known: which statuses it charges for, and
 * where it reads what a request costs, if the response says.
 *
 * @param statuses the statuses charged; a request answered with another is given back
 * what it was charged
 * @param cost where the cost is read, or {@code null} when a counted request costs what
 * it was charged before the handler
 */
public record ResponseCharging(CountedStatuses statuses, @Nullable ResponseCost cost) {

}

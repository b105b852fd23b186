/**
 * Actuator support: the {@code ratelimits} endpoint and the health indicator.
 */
@NullMarked
package dev.ratelimit.actuate;

import org.jspecify.annotations.NullMarked;

/**
 * What the servlet and reactive gateway filters share: the check of a route's tier and
 * cost, and the reading of built routes that startup checks.
 */
@NullMarked
package dev.ratelimit.gateway;

import org.jspecify.annotations.NullMarked;

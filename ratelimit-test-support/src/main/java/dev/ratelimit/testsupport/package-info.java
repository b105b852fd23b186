/**
 * A JUnit 5 harness that gives integration tests a real Redis server.
 */
@NullMarked
package dev.ratelimit.testsupport;

import org.jspecify.annotations.NullMarked;

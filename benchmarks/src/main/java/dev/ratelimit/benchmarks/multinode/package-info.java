/**
 * The programs of {@code scripts/multi-node-demo.sh}: a round-robin proxy, the admission
 * run through it and the chart of its results. Each uses only the JDK and runs as a
 * single-file program, so the script needs no build to start them.
 */
@NullMarked
package dev.ratelimit.benchmarks.multinode;

import org.jspecify.annotations.NullMarked;

package dev.ratelimit.core;

/**
 * What the local twin keeps of one limit of one key between requests; each algorithm has
 * its own record.
 */
interface LimitState {

}

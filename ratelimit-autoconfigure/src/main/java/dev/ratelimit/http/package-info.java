/**
 * The request pipeline shared by every web stack: the request's parts resolved once
 * ({@link dev.ratelimit.http.ClientPart}), what a request was decided
 * ({@link dev.ratelimit.http.RequestRateLimits}), the split around the guard's call
 * ({@link dev.ratelimit.http.RateLimitPipeline}) and the one report of the outcome
 * ({@link dev.ratelimit.http.RateLimitReport}) that the response fields and the problem
 * body render. Free of the servlet and reactive APIs: each edge reads its request, waits
 * for the store its own way and writes its response.
 */
@NullMarked
package dev.ratelimit.http;

import org.jspecify.annotations.NullMarked;

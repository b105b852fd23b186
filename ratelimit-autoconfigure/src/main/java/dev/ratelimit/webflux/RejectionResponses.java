package dev.ratelimit.webflux;

import java.util.List;

import dev.ratelimit.web.RateLimitExceededException;
import dev.ratelimit.web.RateLimitUnavailableException;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a denial (429) or a fail-closed refusal (503) to a WebFlux response: its status,
 * its fields and its RFC 9457 body as {@code application/problem+json}, through the
 * application's codecs, as the servlet side's exception handler renders them.
 */
public class RejectionResponses {

	private final ServerResponse.Context context;

	/**
	 * Create a writer.
	 * @param writers the application's message writers, which encode the problem body
	 */
	public RejectionResponses(List<HttpMessageWriter<?>> writers) {
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	/**
	 * Write a rejection, unless the response is already committed.
	 * @param exchange the exchange
	 * @param rejection the denial or refusal, with its fields and body
	 * @return completes once the response is written
	 */
	public Mono<Void> write(ServerWebExchange exchange, ErrorResponseException rejection) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(rejection);
		}
		return response(rejection).flatMap((response) -> response.writeTo(exchange, this.context));
	}

	/**
	 * Return the response of a rejection, for a functional endpoint's filter.
	 * @param rejection the denial or refusal, with its fields and body
	 * @return the response
	 */
	static Mono<ServerResponse> response(ErrorResponseException rejection) {
		return ServerResponse.status(rejection.getStatusCode())
			.headers((headers) -> headers.putAll(rejection.getHeaders()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(rejection.getBody());
	}

	/**
	 * Return whether an error is a rejection this writer renders.
	 * @param error the error
	 * @return whether it is a denial or a fail-closed refusal
	 */
	static boolean isRejection(Throwable error) {
		return error instanceof RateLimitExceededException || error instanceof RateLimitUnavailableException;
	}

}

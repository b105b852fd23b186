package dev.ratelimit.webflux;

import java.util.List;

import dev.ratelimit.http.RateLimitProblems;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a refusal, 429 or a fail-closed 503, to a WebFlux response: its status, its
 * fields and its RFC 9457 body ({@link RateLimitProblems}) as
 * {@code application/problem+json}, through the application's codecs, as the servlet side
 * renders them. Path rules, annotated handlers, functional routes and gateway routes all
 * answer through the one bean, so an application reshapes every refusal by declaring its
 * own {@code RejectionResponses} bean that overrides {@link #response}.
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
	 * Write a refusal, unless the response is already committed.
	 * @param exchange the exchange
	 * @param refusal the refusal, with its report and fields
	 * @return completes once the response is written
	 */
	public Mono<Void> write(ServerWebExchange exchange, RateLimitRefusal refusal) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(refusal);
		}
		return response(refusal, exchange).flatMap((response) -> response.writeTo(exchange, this.context));
	}

	/**
	 * Return the response of a refusal. Override to reshape it: the refusal's report
	 * ({@link RateLimitRefusal#getReport()}) says what was decided, its fields
	 * ({@link RateLimitRefusal#getFields()}) hold {@code Retry-After} and the
	 * {@code RateLimit} fields.
	 * @param refusal the refusal, with its report and fields
	 * @param exchange the exchange, whose path the problem echoes
	 * @return the response
	 */
	public Mono<ServerResponse> response(RateLimitRefusal refusal, ServerWebExchange exchange) {
		return ServerResponse.status(refusal.getReport().status())
			.headers((headers) -> headers.putAll(refusal.getFields()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(RateLimitProblems.of(refusal.getReport(), exchange.getRequest().getPath().value()));
	}

}

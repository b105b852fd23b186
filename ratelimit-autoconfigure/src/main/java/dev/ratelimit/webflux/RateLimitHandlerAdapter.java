package dev.ratelimit.webflux;

import java.util.List;
import java.util.function.Supplier;

import dev.ratelimit.web.DeclaredCharge;
import dev.ratelimit.web.DeclaredLimit;
import dev.ratelimit.web.DeclaredRateLimits;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.DispatchExceptionHandler;
import org.springframework.web.reactive.HandlerAdapter;
import org.springframework.web.reactive.HandlerResult;
import org.springframework.web.server.ServerWebExchange;

/**
 * Charges the {@link dev.ratelimit.web.RateLimited} declarations of the WebFlux handler
 * method the dispatcher resolved, before its arguments are resolved, then hands the call
 * to WebFlux's own adapter: ordered ahead of it, it sees the handler the mapping already
 * found, so no second lookup and no proxy; the handler's declarations are looked up once
 * ({@link DeclaredRateLimits}). Several declarations are decided together. A denial is
 * answered by the application's {@code @ExceptionHandler} for {@link RateLimitRefusal} in
 * a {@code @ControllerAdvice} when there is one
 * ({@link dev.ratelimit.web.ExceptionAdvices}), else written as the 429 (or fail-closed
 * 503) problem response ({@link RejectionResponses}); the handler never runs.
 */
public class RateLimitHandlerAdapter implements HandlerAdapter, Ordered {

	private final DeclaredRateLimits declarations;

	private final ReactiveEnforcer enforcer;

	private final WebFluxKeys keys;

	private final RejectionResponses rejections;

	private final SingletonSupplier<HandlerAdapter> delegate;

	private final SingletonSupplier<Boolean> adviceHandlesRefusals;

	/**
	 * Create an adapter.
	 * @param declarations the lookup of declarations
	 * @param enforcer applies tiers
	 * @param keys turns declarations into charges
	 * @param rejections writes denials
	 * @param delegate supplies WebFlux's adapter of handler methods, which calls them and
	 * the application's exception handlers
	 * @param adviceHandlesRefusals tells whether an application advice handles
	 * {@link RateLimitRefusal}, asked once
	 */
	public RateLimitHandlerAdapter(DeclaredRateLimits declarations, ReactiveEnforcer enforcer, WebFluxKeys keys,
			RejectionResponses rejections, Supplier<HandlerAdapter> delegate, Supplier<Boolean> adviceHandlesRefusals) {
		this.declarations = declarations;
		this.enforcer = enforcer;
		this.keys = keys;
		this.rejections = rejections;
		this.delegate = SingletonSupplier.of(delegate);
		this.adviceHandlesRefusals = SingletonSupplier.of(adviceHandlesRefusals);
	}

	@Override
	public boolean supports(Object handler) {
		return handler instanceof HandlerMethod method && !limits(method).isEmpty();
	}

	@Override
	public Mono<HandlerResult> handle(ServerWebExchange exchange, Object handler) {
		List<DeclaredLimit> limits = limits((HandlerMethod) handler);
		List<DeclaredCharge> charges = this.keys.charges(limits, exchange);
		return this.enforcer.enforce(exchange, charges, null)
			.then(Mono.defer(() -> this.delegate.obtain().handle(exchange, handler)))
			.onErrorResume(RateLimitRefusal.class, (refusal) -> refused(exchange, refusal));
	}

	private Mono<HandlerResult> refused(ServerWebExchange exchange, RateLimitRefusal refusal) {
		Mono<HandlerResult> written = Mono.defer(() -> this.rejections.write(exchange, refusal).then(Mono.empty()));
		if (Boolean.TRUE.equals(this.adviceHandlesRefusals.obtain())
				&& this.delegate.obtain() instanceof DispatchExceptionHandler advices) {
			return advices.handleError(exchange, refusal).onErrorResume(RateLimitRefusal.class, (unhandled) -> written);
		}
		return written;
	}

	private List<DeclaredLimit> limits(HandlerMethod method) {
		return this.declarations.forHandler(method.getMethod(), method.getBeanType()).beforeArguments();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package dev.ratelimit.webflux;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.ratelimit.web.DeclaredCharge;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Applies tiers by request path, without annotations, on WebFlux: the same
 * {@code ratelimit.filter.rules} as the servlet filter, each matching rule charged in
 * turn, a denial written as the 429 (or fail-closed 503) problem response without calling
 * the rest of the chain.
 */
public class RateLimitWebFilter implements WebFilter, Ordered {

	private final ReactiveEnforcer enforcer;

	private final List<PathRule> rules;

	private final Function<ServerWebExchange, @Nullable String> identities;

	private final RejectionResponses rejections;

	private final int order;

	/**
	 * Create a filter.
	 * @param enforcer applies tiers
	 * @param rules the path rules, in order
	 * @param identities the identity a request is counted as, {@code null} for the
	 * {@link ExchangeKeyResolver}'s; a filter in front of Spring Security counts
	 * addresses, since no principal is known yet
	 * @param rejections writes denials
	 * @param order the filter's order
	 */
	public RateLimitWebFilter(ReactiveEnforcer enforcer, List<PathRule> rules,
			Function<ServerWebExchange, @Nullable String> identities, RejectionResponses rejections, int order) {
		this.enforcer = enforcer;
		this.rules = List.copyOf(rules);
		this.identities = identities;
		this.rejections = rejections;
		this.order = order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		List<PathRule> matching = new ArrayList<>(1);
		for (PathRule rule : this.rules) {
			if (rule.matches(path)) {
				matching.add(rule);
			}
		}
		if (matching.isEmpty()) {
			return chain.filter(exchange);
		}
		String identity = this.identities.apply(exchange);
		Mono<Void> charged = Mono.empty();
		for (PathRule rule : matching) {
			DeclaredCharge charge = new DeclaredCharge(rule.tier(), rule.cost(), DeclaredCharge.Counted.CALLER, null);
			charged = charged.then(this.enforcer.enforce(exchange, List.of(charge), identity));
		}
		return charged.then(Mono.defer(() -> chain.filter(exchange)))
			.onErrorResume(RateLimitRefusal.class, (refusal) -> this.rejections.write(exchange, refusal));
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * A compiled path rule.
	 *
	 * @param patterns the path patterns
	 * @param tier the tier applied to matching requests
	 * @param cost the units each matching request costs
	 */
	public record PathRule(List<PathPattern> patterns, String tier, long cost) {

		/**
		 * Compile a rule.
		 * @param paths path patterns such as {@code /api/**}
		 * @param tier the tier
		 * @param cost the cost
		 * @return the rule
		 */
		public static PathRule of(List<String> paths, String tier, long cost) {
			return new PathRule(paths.stream().map(PathPatternParser.defaultInstance::parse).toList(), tier, cost);
		}

		boolean matches(PathContainer path) {
			return this.patterns.stream().anyMatch((pattern) -> pattern.matches(path));
		}

	}

}

package dev.ratelimit.web;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Applies tiers by request path, without annotations. A denial is handed to Spring MVC's
 * exception resolvers, so the same {@code @ExceptionHandler}s that shape annotation
 * denials shape these.
 */
public class RateLimitFilter extends OncePerRequestFilter {

	private final RateLimitEnforcer enforcer;

	private final List<PathRule> rules;

	private final Supplier<@Nullable HandlerExceptionResolver> exceptionResolver;

	private final Function<HttpServletRequest, @Nullable String> identities;

	/**
	 * Create a filter counting clients as the {@link KeyResolver} does.
	 * @param enforcer applies tiers
	 * @param rules the path rules, in order
	 * @param exceptionResolver supplies MVC's exception resolver to render denials;
	 * supplying {@code null} sends a bare 429 with the fields
	 */
	public RateLimitFilter(RateLimitEnforcer enforcer, List<PathRule> rules,
			Supplier<@Nullable HandlerExceptionResolver> exceptionResolver) {
		this(enforcer, rules, exceptionResolver, (request) -> null);
	}

	/**
	 * Create a filter.
	 * @param enforcer applies tiers
	 * @param rules the path rules, in order
	 * @param exceptionResolver supplies MVC's exception resolver to render denials;
	 * supplying {@code null} sends a bare 429 with the fields
	 * @param identities the identity a request is counted as, {@code null} for the
	 * {@link KeyResolver}'s; a filter in front of Spring Security counts addresses, since
	 * no principal is known yet
	 */
	public RateLimitFilter(RateLimitEnforcer enforcer, List<PathRule> rules,
			Supplier<@Nullable HandlerExceptionResolver> exceptionResolver,
			Function<HttpServletRequest, @Nullable String> identities) {
		this.enforcer = enforcer;
		this.rules = List.copyOf(rules);
		this.exceptionResolver = exceptionResolver;
		this.identities = identities;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PathContainer path = PathContainer
			.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		try {
			for (PathRule rule : this.rules) {
				if (rule.matches(path)) {
					this.enforcer.enforce(request, response, rule.tier(), rule.cost(), this.identities.apply(request));
				}
			}
		}
		catch (RateLimitExceededException | RateLimitUnavailableException ex) {
			reject(request, response, (org.springframework.web.ErrorResponseException) ex);
			return;
		}
		chain.doFilter(request, response);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response,
			org.springframework.web.ErrorResponseException ex) throws IOException {
		HandlerExceptionResolver resolver = this.exceptionResolver.get();
		if (resolver != null && resolver.resolveException(request, response, null, ex) != null) {
			return;
		}
		ex.getHeaders().forEach((name, values) -> response.setHeader(name, values.get(0)));
		response.sendError(ex.getStatusCode().value(), ex.getBody().getDetail());
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

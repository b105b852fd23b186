package dev.ratelimit.web;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.GenericFilterBean;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Applies tiers by request path, without annotations. A denial is handed to Spring MVC's
 * exception resolvers, so the same {@code @ExceptionHandler}s that shape annotation
 * denials shape these.
 * <p>
 * A forward into a ruled path is charged like a request to it, so that no server-side
 * forward (a controller returning {@code forward:} a path the client chose, say) lets a
 * client reach a ruled path by another one; a request is charged once per tier and client
 * however often it is forwarded ({@link dev.ratelimit.http.RequestRateLimits}). Includes,
 * error and async dispatches are not charged: an include belongs to the response of the
 * request that includes it and cannot set its status, and the others continue a request
 * already decided.
 */
public class RateLimitFilter extends GenericFilterBean {

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
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		DispatcherType dispatch = servletRequest.getDispatcherType();
		if (!(servletRequest instanceof HttpServletRequest request)
				|| !(servletResponse instanceof HttpServletResponse response)
				|| (dispatch != DispatcherType.REQUEST && dispatch != DispatcherType.FORWARD)) {
			chain.doFilter(servletRequest, servletResponse);
			return;
		}
		// on a forward, the URI is the forward's target
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

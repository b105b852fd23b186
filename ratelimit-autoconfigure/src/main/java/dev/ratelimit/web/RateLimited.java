package dev.ratelimit.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies a tier's limits to a request handler method, or to every handler method of a
 * class. <pre class="code">
 * &#064;RateLimited(tier = "free")
 * &#064;GetMapping("/api/resource")
 * Resource get() { ... }
 * </pre>
 * <p>
 * Found on the handler method, on the interface or superclass methods it implements or
 * overrides, and as a meta-annotation of a composed annotation; the class's declarations
 * (on the controller, its superclasses or interfaces) apply to every handler method,
 * inherited ones included, besides the method's own. Repeat it to count several clients
 * on one endpoint, each on its own tier, such as a login per address and per account:
 * <pre class="code">
 * &#064;RateLimited(tier = "login-address", key = "#address")
 * &#064;RateLimited(tier = "login", key = "#login.account()")
 * </pre> Every declaration is charged, in order (the class's first); see
 * {@link DeclaredRateLimits}. Startup fails, naming the method, for a declaration that is
 * on no request handler method.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RateLimited.List.class)
public @interface RateLimited {

	/**
	 * The tier whose limits apply, one of {@code ratelimit.tiers}. When it is a plan
	 * tier, the caller's plan from a plan's {@code api-keys} or a {@link TierResolver}
	 * takes precedence; any other tier applies whoever calls.
	 * @return the tier's name
	 */
	String tier();

	/**
	 * Optional SpEL expression for the counted key, evaluated against the method's
	 * arguments (by name, such as {@code #tenantId}) with {@code #request} bound to the
	 * current request and {@code #address} to the caller's network as the default
	 * {@link KeyResolver} counts it ({@code ip:} and the masked address). The client so
	 * named is counted, and the caller's API key or principal does not choose its plan.
	 * Empty means the {@link KeyResolver} decides; so does an expression that fails or
	 * yields {@code null}, reported once in the log. Arrays and collections count by
	 * their elements (sets and maps sorted); normalise what should count together, such
	 * as {@code #login.username().toLowerCase(T(java.util.Locale).ROOT)}.
	 * @return the expression
	 */
	String key() default "";

	/**
	 * Units each call costs.
	 * @return the cost, at least 1
	 */
	long cost() default 1;

	/**
	 * Holds repeated {@link RateLimited} declarations.
	 */
	@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface List {

		/**
		 * The declarations, each charged.
		 * @return the declarations
		 */
		RateLimited[] value();

	}

}

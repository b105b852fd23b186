package dev.ratelimit.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies a tier's limits to a controller method, or to every method of a class.
 * <pre class="code">
 * &#064;RateLimited(tier = "free")
 * &#064;GetMapping("/api/resource")
 * Resource get() { ... }
 * </pre>
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
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
	 * current request. Empty means the {@link KeyResolver} decides; so does an expression
	 * that fails or yields {@code null}, reported once in the log. Arrays and collections
	 * count by their elements (sets and maps sorted); normalise what should count
	 * together, such as {@code #login.username().toLowerCase(T(java.util.Locale).ROOT)}.
	 * @return the expression
	 */
	String key() default "";

	/**
	 * Units each call costs.
	 * @return the cost, at least 1
	 */
	long cost() default 1;

}

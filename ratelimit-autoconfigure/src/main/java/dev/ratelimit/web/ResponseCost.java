package dev.ratelimit.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

import dev.ratelimit.core.LimitSpec;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.expression.MapAccessor;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Where a tier reads what a request costs once its response is known: a SpEL expression
 * on the handler's returned value (its root, also {@code #result}; the body of a
 * {@code ResponseEntity}), or a response header. The value must be a whole number from 0
 * up; anything else (no value, a fraction, a negative number, text, a failing expression)
 * never fails the request: the units charged before the handler stand, and the tier's
 * source is reported once in the log, without the value. A value beyond {@value #MOST} is
 * read as {@value #MOST}: a debt is bounded by its limits anyway.
 */
public final class ResponseCost {

	/** Largest cost read, twice the largest burst. */
	static final long MOST = 2 * LimitSpec.MAX_UNITS;

	private static final Logger logger = LoggerFactory.getLogger(ResponseCost.class);

	private final @Nullable Expression result;

	private final @Nullable String header;

	private final String tier;

	private final ReportedOnce reported = new ReportedOnce();

	private ResponseCost(String tier, @Nullable Expression result, @Nullable String header) {
		this.tier = tier;
		this.result = result;
		this.header = header;
	}

	/**
	 * Create a cost read from the handler's returned value.
	 * @param tier the tier's name, for the log
	 * @param expression the parsed expression
	 * @return the cost
	 */
	public static ResponseCost fromResult(String tier, Expression expression) {
		return new ResponseCost(tier, expression, null);
	}

	/**
	 * Create a cost read from a response header.
	 * @param tier the tier's name, for the log
	 * @param header the header's name
	 * @return the cost
	 */
	public static ResponseCost fromHeader(String tier, String header) {
		return new ResponseCost(tier, null, header);
	}

	/**
	 * Return what a request owes.
	 * @param result the handler's returned value, or {@code null} if none was written
	 * @param response the response, or {@code null}
	 * @param charged the units charged before the handler, which stand when the response
	 * tells nothing usable
	 * @return the units owed
	 */
	long owed(@Nullable Object result, @Nullable HttpServletResponse response, long charged) {
		Object value;
		try {
			value = (this.header != null) ? headerValue(response) : resultValue(result);
		}
		catch (RuntimeException ex) {
			return unusable("failed (" + ex.getClass().getName() + ")", charged);
		}
		if (value == null) {
			return unusable("gave no value", charged);
		}
		BigInteger units = whole(value);
		if (units == null || units.signum() < 0) {
			return unusable("gave a value that is no whole number from 0 up", charged);
		}
		return units.min(BigInteger.valueOf(MOST)).longValueExact();
	}

	private @Nullable Object headerValue(@Nullable HttpServletResponse response) {
		return (response != null) ? response.getHeader(this.header) : null;
	}

	private @Nullable Object resultValue(@Nullable Object result) {
		if (result == null || this.result == null) {
			return null;
		}
		StandardEvaluationContext context = new StandardEvaluationContext(result);
		context.addPropertyAccessor(new MapAccessor());
		context.setVariable("result", result);
		return this.result.getValue(context);
	}

	/**
	 * Return a value as a whole number, or {@code null}: no exponent is expanded, so no
	 * value, whoever chose it, costs more than its length to read.
	 */
	private static @Nullable BigInteger whole(Object value) {
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return BigInteger.valueOf(((Number) value).longValue());
		}
		if (value instanceof BigInteger big) {
			return big;
		}
		if (value instanceof BigDecimal decimal) {
			if (decimal.signum() < 0 || decimal.precision() - decimal.scale() > 40) {
				return (decimal.signum() < 0) ? BigInteger.ONE.negate() : BigInteger.valueOf(MOST);
			}
			return (decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0)
					? decimal.setScale(0, RoundingMode.UNNECESSARY).unscaledValue() : null;
		}
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			return (Double.isFinite(number) && number == Math.rint(number))
					? BigDecimal.valueOf(Math.min(number, MOST)).toBigInteger() : null;
		}
		if (value instanceof CharSequence text) {
			String digits = text.toString().trim();
			if (!digits.isEmpty() && digits.length() <= 40 && digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return new BigInteger(digits);
			}
		}
		return null;
	}

	private long unusable(String what, long charged) {
		String source = (this.header != null) ? "header " + this.header
				: "expression '" + this.result.getExpressionString() + "'";
		if (this.reported.first(what)) {
			logger.warn("The response cost of tier '" + this.tier + "' (" + source + ") " + what
					+ "; charging the units charged before the handler, " + charged + ". Reported once.");
		}
		return charged;
	}

}

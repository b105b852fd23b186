package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.web.DeclaredCharge.Counted;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * Evaluates the {@link RateLimited#key()} expression of a declaration into the client it
 * names. An expression that reads only {@code #request} and {@code #address} is evaluated
 * before the handler's arguments are resolved; one that reads an argument, around the
 * call. A key expression never fails a request: when it throws or yields {@code null} or
 * no stable value, the {@link KeyResolver}'s client is counted instead, on the declared
 * tier with its configured limits ({@link DeclaredCharge.Counted#KEY_FAILED}), and the
 * expression is reported once in the log, not on every request. A key that is exactly
 * {@code #address} counts the same client as the default {@link KeyResolver}'s address.
 */
public class KeyExpressions {

	private static final Logger logger = LoggerFactory.getLogger(KeyExpressions.class);

	private static final Set<String> REQUEST_VARIABLES = Set.of("#request", "#address", "#root", "#this");

	private static final SpelExpressionParser parser = new SpelExpressionParser();

	private final ClientAddresses addresses;

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final ReportedOnce reported = new ReportedOnce();

	/**
	 * Create an evaluator.
	 * @param addresses names the caller's network for {@code #address}
	 */
	public KeyExpressions(ClientAddresses addresses) {
		this.addresses = addresses;
	}

	/**
	 * Return whether an expression may read a handler method's arguments, so that it can
	 * only be evaluated around the call; one that does not parse is taken to.
	 * @param expression the expression's text
	 * @return whether it reads a variable other than {@code #request} and
	 * {@code #address}
	 */
	static boolean readsArguments(String expression) {
		try {
			return readsArguments(parser.parseExpression(expression));
		}
		catch (ParseException ex) {
			return true;
		}
	}

	/**
	 * Return whether a parsed expression may read a handler method's arguments.
	 * @param expression the expression
	 * @return whether it reads a variable other than {@code #request} and
	 * {@code #address}
	 */
	static boolean readsArguments(Expression expression) {
		return !(expression instanceof SpelExpression spel) || readsArguments(spel.getAST());
	}

	/**
	 * Return the variables a parsed expression reads, such as {@code #request}.
	 * @param expression the expression
	 * @return the variables' references, each with its {@code #}
	 */
	static Set<String> variables(Expression expression) {
		Set<String> variables = new HashSet<>();
		if (expression instanceof SpelExpression spel) {
			collect(spel.getAST(), variables);
		}
		return variables;
	}

	private static void collect(SpelNode node, Set<String> variables) {
		if (node instanceof VariableReference) {
			variables.add(node.toStringAST());
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collect(node.getChild(i), variables);
		}
	}

	private static boolean readsArguments(SpelNode node) {
		if (node instanceof VariableReference && !REQUEST_VARIABLES.contains(node.toStringAST())) {
			return true;
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			if (readsArguments(node.getChild(i))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return a declaration's charge for a request, with the client its key names from the
	 * request alone.
	 * @param limit the declaration, whose key reads no argument
	 * @param request the request
	 * @return the charge
	 */
	DeclaredCharge charge(DeclaredLimit limit, HttpServletRequest request) {
		return charge(limit, request, new StandardEvaluationContext());
	}

	/**
	 * Return a declaration's charge for a call, with the client its key names from the
	 * call's arguments.
	 * @param limit the declaration
	 * @param request the request
	 * @param method the handler method
	 * @param args the call's arguments
	 * @return the charge
	 */
	DeclaredCharge charge(DeclaredLimit limit, HttpServletRequest request, Method method, @Nullable Object[] args) {
		return charge(limit, request, new MethodBasedEvaluationContext(null, method, args, this.parameterNames));
	}

	private DeclaredCharge charge(DeclaredLimit limit, HttpServletRequest request, StandardEvaluationContext context) {
		Expression expression = limit.key();
		if (expression == null) {
			return new DeclaredCharge(limit.tier(), limit.cost(), Counted.CALLER, null);
		}
		String named = named(expression, limit, request, context);
		if (named == null) {
			return new DeclaredCharge(limit.tier(), limit.cost(), Counted.KEY_FAILED, null);
		}
		return new DeclaredCharge(limit.tier(), limit.cost(), isAddress(expression) ? Counted.ADDRESS : Counted.NAMED,
				named);
	}

	/**
	 * Return whether an expression is exactly {@code #address}, whose value is the
	 * default {@link KeyResolver}'s address identity: any other expression's value, even
	 * one that reads {@code #address}, is a client of the expression's own.
	 */
	private static boolean isAddress(Expression expression) {
		return expression instanceof SpelExpression spel && spel.getAST() instanceof VariableReference variable
				&& variable.toStringAST().equals("#address");
	}

	private @Nullable String named(Expression expression, DeclaredLimit limit, HttpServletRequest request,
			StandardEvaluationContext context) {
		try {
			context.setVariable("request", request);
			context.setVariable("address", this.addresses.identity(request.getRemoteAddr()));
			Object value = expression.getValue(context);
			if (value == null) {
				report(expression, limit, "is null", null);
				return null;
			}
			String key = KeyValues.toKey(value);
			if (key != null) {
				return key;
			}
			// empty, or an identity toString() that would be a new client on every call
			report(expression, limit, "has no stable value", null);
		}
		catch (RuntimeException ex) {
			report(expression, limit, "failed", ex);
		}
		return null;
	}

	private void report(Expression expression, DeclaredLimit limit, String what, @Nullable RuntimeException ex) {
		if (this.reported.first(expression.getExpressionString())) {
			// the exception's message may quote argument values, so only its type is
			// logged
			logger.warn("@RateLimited key '" + expression.getExpressionString() + "' on " + limit.where() + " " + what
					+ ((ex != null) ? " (" + ex.getClass().getName() + ")" : "")
					+ "; counting the KeyResolver's client on tier '" + limit.tier()
					+ "' with its configured limits instead. Reported once.");
		}
	}

}

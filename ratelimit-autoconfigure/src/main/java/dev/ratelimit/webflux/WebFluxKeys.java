package dev.ratelimit.webflux;

import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.web.DeclaredCharge;
import dev.ratelimit.web.DeclaredLimit;

import org.springframework.expression.Expression;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns the {@link dev.ratelimit.web.RateLimited} declarations of a WebFlux handler into
 * the charges of one request. On WebFlux a declaration counts the caller (no key) or the
 * caller's network (a key that is exactly {@code #address}, the same client as the
 * default resolver's address identity); any other key expression is refused at startup
 * ({@link #check}), so that what startup accepts is what runs.
 */
public class WebFluxKeys {

	private static final String ADDRESS = "#address";

	private final ClientAddresses addresses;

	/**
	 * Create the translation.
	 * @param addresses names the caller's network for {@code #address}
	 */
	public WebFluxKeys(ClientAddresses addresses) {
		this.addresses = addresses;
	}

	/**
	 * Fail if a declaration's key cannot be evaluated on WebFlux.
	 * @param limit the declaration
	 * @throws IllegalStateException naming the handler method if its key is neither
	 * absent nor {@code #address}
	 */
	static void check(DeclaredLimit limit) {
		Expression key = limit.key();
		if (key != null && !ADDRESS.equals(key.getExpressionString().strip())) {
			throw new IllegalStateException("@RateLimited on " + limit.where() + " has key '"
					+ key.getExpressionString() + "', which WebFlux cannot evaluate: on WebFlux a declaration counts "
					+ "the caller (no key) or its network (key = \"#address\")");
		}
	}

	/**
	 * Return the charges of a handler's declarations for a request.
	 * @param limits the declarations, each checked at startup
	 * @param exchange the exchange
	 * @return the charges, in order
	 */
	List<DeclaredCharge> charges(List<DeclaredLimit> limits, ServerWebExchange exchange) {
		List<DeclaredCharge> charges = new ArrayList<>(limits.size());
		for (DeclaredLimit limit : limits) {
			charges.add((limit.key() != null)
					? new DeclaredCharge(limit.tier(), limit.cost(), DeclaredCharge.Counted.ADDRESS, address(exchange))
					: new DeclaredCharge(limit.tier(), limit.cost(), DeclaredCharge.Counted.CALLER, null));
		}
		return charges;
	}

	/**
	 * Return the address identity of a request's caller.
	 * @param exchange the exchange
	 * @return the identity, such as {@code ip:192.0.2.1}
	 */
	public String address(ServerWebExchange exchange) {
		return this.addresses.identity(DefaultExchangeKeyResolver.remoteAddress(exchange));
	}

}

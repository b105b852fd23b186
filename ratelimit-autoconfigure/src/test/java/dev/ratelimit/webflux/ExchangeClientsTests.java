package dev.ratelimit.webflux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.CountedClient;
import dev.ratelimit.web.DeclaredCharge;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan of a WebFlux caller: the API keys listed under a plan are read only where the
 * tier resolver leaves the choice to them, never beside an answer.
 */
class ExchangeClientsTests {

	private final TierRegistry registry = new TierRegistry(
			List.of(tier("free", true), tier("paid", true), tier("team", true)), Map.of("paid-key", "paid"));

	@Test
	void listedKeysAreNotReadWhenTheTierResolverAnswers() {
		RequestReads exchange = new RequestReads();
		CountedClient client = clients((ex, requested) -> Mono.just("team")).resolve(exchange, free(), "ip:192.0.2.1")
			.block();
		assertThat(client.tier().name()).isEqualTo("team");
		assertThat(exchange.reads).isZero();
	}

	@Test
	void listedKeysChooseWhenTheTierResolverAnswersNothing() {
		RequestReads exchange = new RequestReads();
		CountedClient client = clients((ex, requested) -> Mono.empty()).resolve(exchange, free(), "ip:192.0.2.1")
			.block();
		assertThat(client.tier().name()).isEqualTo("paid");
		assertThat(exchange.reads).isOne();
	}

	private ExchangeClients clients(ExchangeTierResolver tiers) {
		ExchangeKeyResolver keys = (exchange) -> Mono.just("ip:192.0.2.1");
		return new ExchangeClients(this.registry, ClientKeys.keyed("s"), "X-API-Key", keys, keys, tiers,
				Duration.ofSeconds(1));
	}

	private static DeclaredCharge free() {
		return new DeclaredCharge("free", 1, DeclaredCharge.Counted.CALLER, null);
	}

	private static Tier tier(String name, boolean plan) {
		return new Tier(name, List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1), 10)),
				FailurePolicy.FAIL_OPEN, false, false, plan);
	}

	/**
	 * A request carrying a listed API key, counting the reads of the request.
	 */
	private static final class RequestReads extends ServerWebExchangeDecorator {

		private int reads;

		RequestReads() {
			super(MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-API-Key", "paid-key")));
		}

		@Override
		public ServerHttpRequest getRequest() {
			this.reads++;
			return super.getRequest();
		}

	}

}

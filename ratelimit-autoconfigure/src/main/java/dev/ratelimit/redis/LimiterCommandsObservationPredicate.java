package dev.ratelimit.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.LettuceObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;

/**
 * Keeps the limiter's own scripts out of Lettuce's command observations, which Spring
 * Boot wraps around every Redis command when an observation registry is present: each
 * decision would otherwise start and stop a {@code lettuce} timer, a
 * {@code lettuce.active} long-task timer and a span, doubling
 * {@code ratelimit.backend.latency}. A script call is recognised by its first key, which
 * starts with the limiter's key prefix; every other command is observed as before.
 */
public class LimiterCommandsObservationPredicate implements ObservationPredicate {

	private final byte[] prefix;

	/**
	 * Create a predicate.
	 * @param keyPrefix the prefix of the limiter's Redis keys,
	 * {@code ratelimit.key.prefix}
	 */
	public LimiterCommandsObservationPredicate(String keyPrefix) {
		this.prefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (!(context instanceof LettuceObservationContext lettuce) || !lettuce.hasCommand()) {
			return true;
		}
		RedisCommand<?, ?, ?> command = lettuce.getRequiredCommand();
		ProtocolKeyword type = command.getType();
		if (type != CommandType.EVALSHA && type != CommandType.EVAL) {
			return true;
		}
		CommandArgs<?, ?> args = command.getArgs();
		ByteBuffer key = (args != null) ? args.getFirstEncodedKey() : null;
		return key == null || !startsWithPrefix(key);
	}

	private boolean startsWithPrefix(ByteBuffer key) {
		if (key.remaining() < this.prefix.length) {
			return false;
		}
		int start = key.position();
		for (int i = 0; i < this.prefix.length; i++) {
			if (key.get(start + i) != this.prefix[i]) {
				return false;
			}
		}
		return true;
	}

}

package dev.ratelimit.resilience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One Resilience4j breaker per store partition, so that a dead Redis Cluster master opens
 * only its own breaker: taken from a {@link CircuitBreakerRegistry} (the application's,
 * when it has one, so that Resilience4j's own metrics and actuator endpoints see them),
 * named {@code <name>} for the single partition {@code ""} of standalone Redis and
 * Sentinel, {@code <name>@<partition>} for the others. Created on first use: a store has
 * as many partitions as masters. The breaker of a partition that has left the store (a
 * Redis Cluster master a failover replaced) is removed when the limiter finds it gone,
 * from the registry too, so that its last state is no longer reported.
 */
public final class PartitionBreakers {

	private final Function<String, CircuitBreaker> factory;

	private final Consumer<String> remover;

	private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, CircuitBreaker>> listeners = new CopyOnWriteArrayList<>();

	private PartitionBreakers(Function<String, CircuitBreaker> factory, Consumer<String> remover) {
		this.factory = factory;
		this.remover = remover;
	}

	/**
	 * Create breakers registered in a registry.
	 * @param registry the registry
	 * @param config each breaker's configuration
	 * @param name the name of the single partition's breaker, and the others' prefix
	 * @return the breakers
	 */
	public static PartitionBreakers of(CircuitBreakerRegistry registry, CircuitBreakerConfig config, String name) {
		return new PartitionBreakers((partition) -> registry.circuitBreaker(name(name, partition), config),
				(partition) -> registry.remove(name(name, partition)));
	}

	/**
	 * Create breakers whose single partition's breaker is the given one; other partitions
	 * get breakers of its configuration.
	 * @param breaker the single partition's breaker
	 * @return the breakers
	 */
	public static PartitionBreakers of(CircuitBreaker breaker) {
		return new PartitionBreakers(
				(partition) -> partition.isEmpty() ? breaker
						: CircuitBreaker.of(name(breaker.getName(), partition), breaker.getCircuitBreakerConfig()),
				(partition) -> {
				});
	}

	private static String name(String name, String partition) {
		return partition.isEmpty() ? name : name + "@" + partition;
	}

	/**
	 * Return the breaker of a partition, creating it on first use.
	 * @param partition the partition, empty when the store has one
	 * @return the breaker
	 */
	public CircuitBreaker breaker(String partition) {
		CircuitBreaker breaker = this.breakers.get(partition);
		return (breaker != null) ? breaker : this.breakers.computeIfAbsent(partition, this::created);
	}

	private CircuitBreaker created(String partition) {
		CircuitBreaker breaker = this.factory.apply(partition);
		this.listeners.forEach((listener) -> listener.accept(partition, breaker));
		return breaker;
	}

	/**
	 * Remove the breaker of a partition that has left the store.
	 * @param partition the partition
	 */
	void remove(String partition) {
		if (this.breakers.remove(partition) != null) {
			this.remover.accept(partition);
		}
	}

	/**
	 * Call back for every breaker, those created so far and those created later.
	 * @param listener receives each partition and its breaker
	 */
	public void forEach(BiConsumer<String, CircuitBreaker> listener) {
		this.listeners.add(listener);
		this.breakers.forEach(listener);
	}

	/**
	 * Return the breakers created so far, by partition.
	 * @return the breakers
	 */
	public Map<String, CircuitBreaker> all() {
		return Map.copyOf(this.breakers);
	}

}

package dev.ratelimit.benchmarks;

/**
 * One way of deciding "may this request proceed?" against Redis, set up for a fixed
 * {@link BenchLimit} and {@link KeySpace}.
 */
interface Contender extends AutoCloseable {

	/**
	 * Decide one request of cost 1, blocking until the answer is known.
	 * @param key the index of the client key in the key space
	 * @return whether the request was admitted
	 */
	boolean tryAcquire(int key);

	/**
	 * Release the contender's clients and connections.
	 */
	@Override
	void close();

}

package dev.ratelimit.web.app;

import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.RedisProcess;

/**
 * The JVM's {@code redis-server} that the outage tests stop, pause and kill: one port for
 * the JVM, so that their one application keeps pointing at it, and a fresh process on
 * that port whenever a test left it dead.
 */
public final class StoppableRedis {

	private static final int port = FreePorts.any();

	private static RedisProcess process;

	private StoppableRedis() {
	}

	/**
	 * Return the port, the same for the whole JVM.
	 * @return the port
	 */
	public static int port() {
		return port;
	}

	/**
	 * Return the running process: the current one resumed if a test paused it, or a new,
	 * empty one on the same port if a test killed it.
	 * @return the process
	 */
	public static synchronized RedisProcess running() {
		if (process == null) {
			process = RedisProcess.start(port);
			Runtime.getRuntime().addShutdownHook(new Thread(StoppableRedis::close, "stoppable-redis-stop"));
		}
		else if (!process.isAlive()) {
			process = RedisProcess.start(port);
		}
		else {
			process.resume();
		}
		return process;
	}

	private static synchronized void close() {
		process.close();
	}

}

package dev.ratelimit.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Reads the failures of {@link java.util.concurrent.CompletionStage asynchronous stages}
 * the way a synchronous call would have thrown them.
 */
public final class Stages {

	private Stages() {
	}

	/**
	 * Return the failure a stage's wrapper stands for: a dependent stage fails with a
	 * {@link CompletionException}, a waiting caller gets an {@link ExecutionException},
	 * both around what was really thrown.
	 * @param failure the failure as a stage reported it
	 * @return what was thrown
	 */
	public static Throwable cause(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Wait for a stage and return its result, or throw its failure as the synchronous
	 * call it stands for would have: unchecked failures as they are.
	 * @param <T> the result's type
	 * @param stage the stage
	 * @return its result
	 */
	public static <T> T join(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().join();
		}
		catch (CompletionException ex) {
			Throwable cause = cause(ex);
			if (cause instanceof RuntimeException failure) {
				throw failure;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}

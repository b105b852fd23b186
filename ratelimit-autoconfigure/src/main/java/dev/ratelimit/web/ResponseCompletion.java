package dev.ratelimit.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Runs the actions registered on a request once its response is complete, with the status
 * the client received: at the end of the dispatch that charged it, or, when the handler
 * went asynchronous ({@code Callable}, {@code DeferredResult},
 * {@code StreamingResponseBody}, server-sent events), when the async context completes,
 * times out or fails, a client that went away included. {@link ResponseCompletionFilter},
 * outside every other filter, ends the dispatches; each action runs exactly once.
 * <p>
 * A failure counts as a server error (500) only when the server failed before answering:
 * a response that had committed its status when the failure was reported, or whose client
 * went away, keeps the status it had then (Tomcat itself reports 500 for a failure other
 * than an I/O error). So a client that abandons a stream answered 200 is not given a 500,
 * which a tier refunding server errors would give back.
 */
public final class ResponseCompletion {

	private static final Logger logger = LoggerFactory.getLogger(ResponseCompletion.class);

	private static final String ATTRIBUTE = ResponseCompletion.class.getName();

	private ResponseCompletion() {
	}

	/**
	 * Register an action to run once the response to a request is complete.
	 * @param request the request
	 * @param action receives the final status; an exception that escaped the handler
	 * unresolved before anything was committed, while the client was there, counts as 500
	 */
	public static void onComplete(HttpServletRequest request, IntConsumer action) {
		@SuppressWarnings("unchecked")
		List<IntConsumer> actions = (List<IntConsumer>) request.getAttribute(ATTRIBUTE);
		if (actions == null) {
			actions = new ArrayList<>(2);
			request.setAttribute(ATTRIBUTE, actions);
		}
		actions.add(action);
	}

	/**
	 * End a dispatch: run the registered actions now if the response is complete, or when
	 * the async context completes if the handler went asynchronous.
	 * @param request the request
	 * @param response the response
	 * @param failure an exception that escaped the handler unresolved, if any
	 */
	static void dispatchEnded(HttpServletRequest request, HttpServletResponse response, @Nullable Throwable failure) {
		@SuppressWarnings("unchecked")
		List<IntConsumer> actions = (List<IntConsumer>) request.getAttribute(ATTRIBUTE);
		if (actions == null) {
			return;
		}
		request.removeAttribute(ATTRIBUTE);
		if (request.isAsyncStarted()) {
			request.getAsyncContext().addListener(new Completion(actions, response));
		}
		else {
			run(actions, status(response, failure, answered(response, failure)));
		}
	}

	/**
	 * Return the status a response answered with although its handling failed: the one it
	 * had committed, or had when its client went away.
	 * @return the status, or {@code null} when the server failed before answering
	 */
	private static @Nullable Integer answered(HttpServletResponse response, @Nullable Throwable failure) {
		if (failure == null) {
			return null;
		}
		boolean clientGone = DisconnectedClientHelper.isClientDisconnectedException(failure);
		return (response.isCommitted() || clientGone) ? response.getStatus() : null;
	}

	private static int status(HttpServletResponse response, @Nullable Throwable failure, @Nullable Integer answered) {
		if (answered != null) {
			return answered;
		}
		int status = response.getStatus();
		return (failure != null && status < 400) ? 500 : status;
	}

	private static void run(List<IntConsumer> actions, int status) {
		for (IntConsumer action : actions) {
			try {
				action.accept(status);
			}
			catch (RuntimeException ex) {
				logger.warn("An action run once a response was complete failed: " + ex);
			}
		}
	}

	/**
	 * Runs the actions when the async context ends, once, whichever way it ends.
	 */
	private static final class Completion implements AsyncListener {

		private final List<IntConsumer> actions;

		private final HttpServletResponse response;

		private @Nullable Throwable failure;

		private @Nullable Integer answered;

		private boolean done;

		Completion(List<IntConsumer> actions, HttpServletResponse response) {
			this.actions = actions;
			this.response = response;
		}

		@Override
		public synchronized void onComplete(AsyncEvent event) {
			if (!this.done) {
				this.done = true;
				run(this.actions, status(this.response, this.failure, this.answered));
			}
		}

		@Override
		public synchronized void onTimeout(AsyncEvent event) {
			// the container completes the context next: onComplete runs the actions
		}

		@Override
		public synchronized void onError(AsyncEvent event) {
			if (this.failure == null) {
				this.failure = (event.getThrowable() != null) ? event.getThrowable() : new IOException("Async error");
				// the status now, before the container reports another for the failure
				this.answered = answered(this.response, this.failure);
			}
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// the same request, another async cycle: this listener is not carried over,
			// so it registers itself again
			event.getAsyncContext().addListener(this);
		}

	}

}

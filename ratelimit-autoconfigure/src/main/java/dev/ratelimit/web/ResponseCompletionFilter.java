package dev.ratelimit.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a request's dispatch for {@link ResponseCompletion} outside every other filter, so
 * that its actions see the status the client receives: the one a filter further in
 * (Spring Security's exception translation, say) set for an exception that escaped the
 * handler, not the status at the time the handler returned. Registered first, for
 * {@code REQUEST} dispatches: a forward or include runs inside the request it belongs to.
 */
public class ResponseCompletionFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Throwable failure = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			ResponseCompletion.dispatchEnded(request, response, failure);
		}
	}

}

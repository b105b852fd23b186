package dev.ratelimit.redis;

/**
 * Recognises Redis's {@code NOSCRIPT} error, on any driver, by the error's text: Redis
 * restarted or ran {@code SCRIPT FLUSH}, so the script did not run and may be sent once
 * with {@code EVAL}.
 */
final class NoScript {

	private NoScript() {
	}

	/**
	 * Return whether a failure, or one of its causes, is Redis's {@code NOSCRIPT} error.
	 * @param failure the failure
	 * @return whether Redis did not know the script
	 */
	static boolean in(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

}

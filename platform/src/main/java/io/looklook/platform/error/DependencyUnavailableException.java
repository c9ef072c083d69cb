package io.looklook.platform.error;

/** An outside service (WeChat, say) answered "busy, try later": transient, so a route answers 503 with Retry-After. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message) {
        super(message);
    }
}

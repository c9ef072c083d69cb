package io.looklook.schemas;

import io.apicurio.registry.rest.client.exception.RestClientException;

/**
 * Tells a registry that cannot answer now from an answer that will not change. The registry's client reports both
 * as a {@link RestClientException}: without an HTTP status when it got no answer at all (connection refused or
 * reset: the error's name is the I/O exception's), with the status otherwise.
 */
public final class RegistryFailures {

    private static final int TOO_MANY_REQUESTS = 429;

    private RegistryFailures() {
    }

    /**
     * Whether {@code error}, or one of its causes, is the registry being unreachable, overloaded or failing
     * (no answer, 5xx, 429): worth retrying, unlike a 404 for a schema id it does not know.
     */
    public static boolean isUnavailable(Throwable error) {
        RestClientException registry = find(error);
        if (registry == null) {
            return false;
        }
        Integer status = registry.getError() == null ? null : registry.getError().getErrorCode();
        return status == null || status >= 500 || status == TOO_MANY_REQUESTS;
    }

    /** Whether the registry answered, and its answer was a refusal (a 4xx such as an unknown schema id). */
    public static boolean isRefusal(Throwable error) {
        RestClientException registry = find(error);
        return registry != null && !isUnavailable(registry);
    }

    /** A short account of a registry failure for a log line, or null if {@code error} is not one. */
    public static String describe(Throwable error) {
        RestClientException registry = find(error);
        if (registry == null) {
            return null;
        }
        Integer status = registry.getError() == null ? null : registry.getError().getErrorCode();
        String detail = registry.getError() == null ? null
                : registry.getError().getMessage() != null ? registry.getError().getMessage() : registry.getError().getName();
        return (status == null ? "schema registry unreachable" : "schema registry answered " + status)
                + (detail == null ? "" : " (" + detail + ")");
    }

    private static RestClientException find(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RestClientException registry) {
                return registry;
            }
        }
        return null;
    }
}

package io.looklook.tools;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A failure the user can act on (unknown topic, group with members...): reported as its message alone, exit code 1. */
public final class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        super(message);
    }

    /** One line for the user: our own failures as they are, a library's with its type (and the cause it wraps). */
    static String describe(Throwable e) {
        Throwable shown = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (shown instanceof ToolFailure) {
            return shown.getMessage();
        }
        String text = shown.getClass().getSimpleName() + ": " + shown.getMessage();
        if (shown instanceof TimeoutException || shown instanceof org.apache.kafka.common.errors.TimeoutException) {
            return text + " (is the broker up and reachable? see --bootstrap-servers / LOOKLOOK_BOOTSTRAP_SERVERS)";
        }
        return text;
    }
}

package io.looklook.platform.error;

import java.time.Duration;

/** A limit on attempts was reached: 429 with {@code Retry-After} (whole seconds, at least one). */
public class TooManyAttemptsException extends BusinessException {

    private final long retryAfterSeconds;

    public TooManyAttemptsException(String message, Duration retryAfter) {
        super(ErrorCode.TOO_MANY_ATTEMPTS, message);
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

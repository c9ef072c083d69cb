package io.looklook.scheduler.domain;

import java.time.Duration;
import java.util.Set;

/**
 * What the scheduler accepts as a timer. It is a privileged producer (it writes to other services' topics), so
 * the target must be allow-listed, the payload and the delay bounded, and an id prefix is reserved for the
 * order timeouts it derives from order events itself.
 */
public record ScheduleRules(Set<String> allowedTargets, Duration maxDelay, int maxPayloadBytes, int maxIdLength) {

    public static final String ORDER_TIMEOUT_PREFIX = "order-timeout:";

    public sealed interface Decision permits Accept, Reject {
    }

    /** Store the timer, due at {@code dueAt}; {@code late} if that is already past. */
    public record Accept(long dueAt, boolean late) implements Decision {
    }

    public record Reject(String reason) implements Decision {
    }

    /** The id of the timer that closes order {@code sn} at its pay deadline. */
    public static String orderTimeoutId(String sn) {
        return ORDER_TIMEOUT_PREFIX + sn;
    }

    /**
     * Judges a request. Exactly one of {@code dueAt} and {@code delayMs} must be given; a delay counts from
     * {@code now}, the moment the scheduler reads the request.
     */
    public Decision check(String scheduleId, Long dueAt, Long delayMs, String targetTopic, int payloadBytes, long now) {
        if (scheduleId == null || scheduleId.isBlank() || scheduleId.length() > maxIdLength) {
            return new Reject("scheduleId must have 1 to " + maxIdLength + " characters");
        }
        if (scheduleId.startsWith(ORDER_TIMEOUT_PREFIX)) {
            return new Reject("scheduleId prefix '" + ORDER_TIMEOUT_PREFIX + "' is reserved for order timeouts");
        }
        if ((dueAt == null) == (delayMs == null)) {
            return new Reject("give exactly one of dueAt and delayMs");
        }
        if (delayMs != null && delayMs < 0) {
            return new Reject("delayMs must not be negative, was " + delayMs);
        }
        if (dueAt != null && dueAt < 0) {
            return new Reject("dueAt must be an epoch millisecond time, was " + dueAt);
        }
        long due = dueAt != null ? dueAt : now + delayMs;
        if (due - now > maxDelay.toMillis()) {
            return new Reject("due " + (due - now) + " ms from now, beyond the maximum delay of " + maxDelay.toMillis() + " ms");
        }
        if (!allowedTargets.contains(targetTopic)) {
            return new Reject("target topic '" + targetTopic + "' is not on the allow-list " + allowedTargets);
        }
        if (payloadBytes > maxPayloadBytes) {
            return new Reject("payload of " + payloadBytes + " bytes is above the limit of " + maxPayloadBytes);
        }
        return new Accept(due, due < now);
    }
}

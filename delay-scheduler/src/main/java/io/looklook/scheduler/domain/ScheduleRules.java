package io.looklook.scheduler.domain;

import java.time.Duration;
import java.util.Set;

/**
 * What the scheduler accepts as a timer. It is a privileged producer (it writes to other services' topics), so
 * the target must be allow-listed, the payload and the delay bounded, and an id prefix is reserved for the
 * order timeouts it derives from order events itself. Nothing that reaches {@code scheduler.requests} may create or
 * cancel an order timeout or write to {@code reservedTarget} (order.commands): otherwise any producer to that topic
 * could keep an unpaid order open forever or close any order with a hand-made command.
 */
public record ScheduleRules(Set<String> allowedTargets, Duration maxDelay, int maxPayloadBytes, int maxIdLength,
                            String reservedTarget) {

    public ScheduleRules {
        allowedTargets = allowedTargets == null ? Set.of() : Set.copyOf(allowedTargets);
        if (allowedTargets.contains(reservedTarget)) {
            throw new IllegalArgumentException("looklook.scheduler.allowed-targets must not list " + reservedTarget
                    + ": only the order timeouts the scheduler derives from order.events may write to it");
        }
    }

    public static final String ORDER_TIMEOUT_PREFIX = "order-timeout:";
    /** The delivered record's key and headers are stored and sent whole, like the payload: bounded like it. */
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_HEADERS = 32;
    public static final int MAX_HEADER_BYTES = 8192;

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
     * Judges the delivered record's key and headers ({@code headerBytes}: names in UTF-8 and values together). Null
     * when they fit.
     */
    public static String envelopeRefusal(int keyBytes, int headerCount, int headerBytes) {
        if (keyBytes > MAX_KEY_BYTES) {
            return "key of " + keyBytes + " bytes is above the limit of " + MAX_KEY_BYTES;
        }
        if (headerCount > MAX_HEADERS) {
            return headerCount + " headers is above the limit of " + MAX_HEADERS;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return "headers of " + headerBytes + " bytes are above the limit of " + MAX_HEADER_BYTES;
        }
        return null;
    }

    /**
     * Judges a cancel from {@code scheduler.requests}: an order timeout is cancelled only by its order's own events
     * (the admin API refuses it too). Null when allowed. A fire-now of one stays accepted: the operator's fire-now
     * (admin API) reaches the owning task through this same topic, and a record carries no credential to tell it
     * from another producer's; that boundary is the broker's ACLs on the topic.
     */
    public String cancelRefusal(String scheduleId) {
        return scheduleId.startsWith(ORDER_TIMEOUT_PREFIX)
                ? "scheduleId prefix '" + ORDER_TIMEOUT_PREFIX + "' is reserved for order timeouts: only their order's "
                        + "events cancel them"
                : null;
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
        if (reservedTarget.equals(targetTopic)) {
            return new Reject("target topic '" + targetTopic + "' is reserved for the order timeouts the scheduler derives itself");
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

package io.looklook.payment.application;

/** A notification that must not be applied: forged, stale (replayed), for another merchant, or not matching our payment. */
public class InvalidNotificationException extends RuntimeException {

    public InvalidNotificationException(String message) {
        super(message);
    }
}

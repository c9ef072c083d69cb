package io.looklook.payment.domain;

import java.time.Instant;

/** An order as payment-service knows it from order.events: who may pay how much, until when, and whether it still waits. */
public record PayableOrder(String orderSn, long userId, long total, Instant payDeadline, State state) {

    public enum State { WAITING, PAID, CLOSED }

    /** Why its owner may not open a payment for this order now, or null if they may. */
    public String refusal(Instant now) {
        if (state == State.PAID) {
            return "order " + orderSn + " is already paid";
        }
        if (state == State.CLOSED) {
            return "order " + orderSn + " is closed";
        }
        if (!now.isBefore(payDeadline)) {
            return "the pay deadline of order " + orderSn + " has passed";
        }
        return null;
    }
}

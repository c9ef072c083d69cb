package io.looklook.order.application;

import java.time.Instant;

/** A payment the gateway confirmed for an order (payment-service's {@code PaymentSucceeded}). Amounts in fen. */
public record ConfirmedPayment(String eventId, String orderSn, String paymentSn, long userId, long payTotal, Instant payTime,
                               String payMode) {
}

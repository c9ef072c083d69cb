package io.looklook.payment.domain;

import java.time.Instant;

/** The refund of a whole successful payment that order-service rejected; {@code sn} is the gateway's out_refund_no. */
public record Refund(String sn, String paymentSn, String orderSn, long userId, long amount, String reason, Status status,
                     int attempts, String refundId, Instant refundTime) {

    public enum Status { PENDING, SUBMITTED, SUCCEEDED, FAILED }
}

package io.looklook.payment.domain;

import java.time.Instant;

/** The refund of a whole successful payment that order-service rejected; {@code sn} is the gateway's out_refund_no. */
public record Refund(String sn, String paymentSn, String orderSn, long userId, long amount, String reason, Status status,
                     int attempts, String refundId, Instant refundTime) {

    /**
     * PENDING until the gateway took it, SUBMITTED until it is settled; settled by its notification or by asking
     * the gateway, which may happen before it was marked submitted. A submitted refund the gateway does not know (the
     * submission never reached it) is pending again. Each move is a conditional UPDATE (R2dbcRefunds).
     */
    public enum Status {
        PENDING, SUBMITTED, SUCCEEDED, FAILED;

        public boolean mayMoveTo(Status next) {
            return switch (this) {
                case PENDING -> next == SUBMITTED || next == SUCCEEDED || next == FAILED;
                case SUBMITTED -> next == PENDING || next == SUCCEEDED || next == FAILED;
                case SUCCEEDED, FAILED -> false;
            };
        }

        /**
         * What a WeChat refund status settles a refund in: SUCCESS succeeded; CLOSED and ABNORMAL failed (the money
         * did not go back: a person settles it); empty for PROCESSING.
         */
        public static java.util.Optional<Status> settledBy(String refundStatus) {
            return switch (refundStatus == null ? "" : refundStatus) {
                case "SUCCESS" -> java.util.Optional.of(SUCCEEDED);
                case "CLOSED", "ABNORMAL" -> java.util.Optional.of(FAILED);
                default -> java.util.Optional.empty();
            };
        }
    }
}

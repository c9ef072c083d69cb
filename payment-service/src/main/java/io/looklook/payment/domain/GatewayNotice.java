package io.looklook.payment.domain;

import java.time.Instant;

/** What a verified, decrypted gateway notification says; its {@code notificationId} is stable across the gateway's retries. */
public sealed interface GatewayNotice {

    String notificationId();

    /** A payment's outcome: {@code tradeState} SUCCESS, PAYERROR, CLOSED, REVOKED, NOTPAY, USERPAYING or REFUND. */
    record Transaction(String notificationId, String paymentSn, String transactionId, String tradeType, String tradeState,
                       String tradeStateDesc, long total, String currency, Instant successTime) implements GatewayNotice {

        public boolean succeeded() {
            return PayStatus.settledBy(tradeState).orElse(null) == PayStatus.SUCCEEDED;
        }

        /** States after which no money was taken by this payment. */
        public boolean failed() {
            return PayStatus.settledBy(tradeState).orElse(null) == PayStatus.FAILED;
        }
    }

    /** A refund's outcome: {@code refundStatus} SUCCESS, CLOSED or ABNORMAL. */
    record Refund(String notificationId, String refundSn, String paymentSn, String refundId, String refundStatus,
                  long refundAmount, Instant successTime) implements GatewayNotice {

        public boolean succeeded() {
            return io.looklook.payment.domain.Refund.Status.settledBy(refundStatus).orElse(null) == io.looklook.payment.domain.Refund.Status.SUCCEEDED;
        }

        /** Whether this answer is final (a refund notification always is; a query may say PROCESSING). */
        public boolean settled() {
            return io.looklook.payment.domain.Refund.Status.settledBy(refundStatus).isPresent();
        }
    }
}

package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderPaymentRejected;
import io.looklook.order.PaymentRejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A successful payment order-service rejects is refunded through the gateway, exactly once, and announced. */
class RefundIT extends PaymentIT {

    @Test
    void aRejectedPaymentIsRefundedOnceAndAnnounced() {
        long user = newUser();
        String sn = placeOrder(user, 45_600);
        String paymentSn = payThroughSandbox(user, sn);
        OrderPaymentRejected rejection = rejection(sn, user, paymentSn, 45_600);

        sendEvent("order.events", sn, rejection);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> payStatus(paymentSn) == 2);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentRefunded.class) == 1);
        PaymentRefunded refunded = EVENTS.events(sn, PaymentRefunded.class).get(0);
        assertThat(refunded.getPaymentSn()).isEqualTo(paymentSn);
        assertThat(refunded.getPayTotal()).isEqualTo(45_600);
        assertThat(refunded.getReason()).isEqualTo("ORDER_CLOSED");
        assertThat(refunded.getRefundSn()).startsWith("RFD");
        assertThat(refunded.getRefundId()).startsWith("50");
        assertThat(count("SELECT COUNT(*) FROM payment_refund WHERE payment_sn = '" + paymentSn + "' AND status = 'SUCCEEDED'"))
                .isEqualTo(1);

        // the same rejection redelivered, and a second rejection of the same payment: still one refund
        sendEvent("order.events", sn, rejection);
        sendEvent("order.events", sn, rejection(sn, user, paymentSn, 45_600));
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> EVENTS.count(sn, PaymentRefunded.class) == 1);
        assertThat(count("SELECT COUNT(*) FROM payment_refund WHERE payment_sn = '" + paymentSn + "'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sandbox_refund WHERE out_trade_no = '" + paymentSn + "'")).isEqualTo(1);
    }

    @Test
    void aRejectionOfAPaymentThatTookNoMoneyRefundsNothing() {
        long user = newUser();
        String sn = placeOrder(user, 1_000);
        prepay(user, sn);
        String unpaid = paymentSnOf(sn);
        OrderPaymentRejected ofUnpaid = rejection(sn, user, unpaid, 1_000);
        OrderPaymentRejected ofUnknown = rejection(sn, user, "PMT00000000000000000000000".substring(0, 25), 1_000);

        sendEvent("order.events", sn, ofUnpaid);
        sendEvent("order.events", sn, ofUnknown);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM processed_event WHERE event_id IN ('"
                + ofUnpaid.getEventId() + "','" + ofUnknown.getEventId() + "')") == 2);
        assertThat(count("SELECT COUNT(*) FROM payment_refund WHERE order_sn = '" + sn + "'")).isZero();
        assertThat(payStatus(unpaid)).isZero();
    }

    @Test
    void aRefundTheGatewayRefusesIsRetriedAndNeverSubmittedTwice() {
        long user = newUser();
        String sn = placeOrder(user, 2_000);
        String paymentSn = payThroughSandbox(user, sn);
        // the gateway will refuse: it believes the payment is for another amount
        db.sql("UPDATE sandbox_transaction SET amount = 1999 WHERE out_trade_no = :p").bind("p", paymentSn).fetch().rowsUpdated().block();

        sendEvent("order.events", sn, rejection(sn, user, paymentSn, 2_000));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT COUNT(*) FROM payment_refund WHERE payment_sn = '"
                + paymentSn + "' AND status = 'PENDING' AND attempts >= 2") == 1);
        assertThat(payStatus(paymentSn)).isEqualTo(1);
        db.sql("UPDATE sandbox_transaction SET amount = 2000 WHERE out_trade_no = :p").bind("p", paymentSn).fetch().rowsUpdated().block();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == 2);
        assertThat(count("SELECT COUNT(*) FROM sandbox_refund WHERE out_trade_no = '" + paymentSn + "'")).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentRefunded.class) == 1);
    }

    private static OrderPaymentRejected rejection(String sn, long user, String paymentSn, long total) {
        return new OrderPaymentRejected(UUID.randomUUID(), Instant.now(), sn, user, paymentSn, total, PaymentRejectReason.ORDER_CLOSED);
    }
}

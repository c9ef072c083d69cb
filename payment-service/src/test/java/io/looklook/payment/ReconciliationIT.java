package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderPaymentRejected;
import io.looklook.order.PaymentRejectReason;
import io.looklook.payment.application.Refunds;
import io.looklook.payment.domain.Refund;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;

/**
 * The sandbox loses every notification here: what the callbacks never told, reconciliation finds by asking the
 * gateway. Payments are checked as soon as they expire; refunds a second after their submission.
 */
@TestPropertySource(properties = {
        "looklook.payment.sandbox.drop-share=1",
        "looklook.payment.payment-check-margin=0s",
        "looklook.payment.reconcile-poll-interval=200ms",
        "looklook.payment.refund-check-after=1s"})
class ReconciliationIT extends PaymentIT {

    @Autowired
    Refunds refunds;

    @Test
    void aPaymentWhoseNotificationWasLostIsAppliedAsPaidOnceItExpires() {
        long user = newUser();
        String sn = placeOrder(user, 3_300, Instant.now().plusSeconds(5));
        String prepayId = prepay(user, sn);
        long dropped = droppedNotifications();
        assertThat(data(sandboxPay(user, prepayId, true)).get("tradeState")).isEqualTo("SUCCESS");
        String paymentSn = paymentSnOf(sn);
        assertThat(droppedNotifications()).as("the sandbox dropped its notification").isGreaterThan(dropped);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == 1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentSucceeded.class) == 1);
        String transactionId = db.sql("SELECT transaction_id FROM sandbox_transaction WHERE out_trade_no = :p").bind("p", paymentSn)
                .map(r -> r.get("transaction_id", String.class)).one().block();
        assertThat(EVENTS.events(sn, PaymentSucceeded.class).get(0).getTransactionId()).isEqualTo(transactionId);
    }

    @Test
    void anUnpaidPaymentIsClosedAtTheGatewayOnceItExpiresAndCanNoLongerBePaid() {
        long user = newUser();
        String sn = placeOrder(user, 1_200, Instant.now().plusSeconds(5));
        String prepayId = prepay(user, sn);
        String paymentSn = paymentSnOf(sn);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == -1);
        assertThat(sandboxTradeState(paymentSn)).isEqualTo("CLOSED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentFailed.class) == 1);
        assertThat(EVENTS.events(sn, PaymentFailed.class).get(0).getTradeState()).isEqualTo("CLOSED");
        assertThat(sandboxPay(user, prepayId, true).get("code")).as("a closed prepay takes no money").isNotEqualTo(200);
        assertThat(sandboxTradeState(paymentSn)).isEqualTo("CLOSED");
    }

    @Test
    void aPaymentTheGatewayNeverHeardOfFailsOnceItExpires() {
        String paymentSn = "PMT" + String.format("%022d", System.nanoTime());
        db.sql("INSERT INTO third_payment (create_time, sn, user_id, order_sn, pay_total, pay_status, expires_at) "
                        + "VALUES (UTC_TIMESTAMP(3), :sn, 1, :order, 500, 0, UTC_TIMESTAMP(3) - INTERVAL 1 SECOND)")
                .bind("sn", paymentSn).bind("order", newOrderSn()).fetch().rowsUpdated().block();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == -1);
        assertThat(db.sql("SELECT trade_state FROM third_payment WHERE sn = :sn").bind("sn", paymentSn)
                .map(r -> r.get("trade_state", String.class)).one().block()).isEqualTo("CLOSED");
    }

    @Test
    void aRefundWhoseNotificationWasLostIsSettledByAskingTheGateway() {
        long user = newUser();
        String sn = placeOrder(user, 4_500, Instant.now().plusSeconds(5));
        String prepayId = prepay(user, sn);
        sandboxPay(user, prepayId, true);
        String paymentSn = paymentSnOf(sn);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == 1);

        sendEvent("order.events", sn, new OrderPaymentRejected(UUID.randomUUID(), Instant.now(), sn, user, paymentSn, 4_500L,
                PaymentRejectReason.ORDER_CLOSED));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(paymentSn) == 2);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentRefunded.class) == 1);
        assertThat(count("SELECT COUNT(*) FROM sandbox_refund WHERE out_trade_no = '" + paymentSn + "'")).as("refunded once").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM payment_refund WHERE payment_sn = '" + paymentSn + "' AND status = 'SUCCEEDED'"))
                .isEqualTo(1);
    }

    @Test
    void concurrentClaimsNeverShareARefundAndADeadClaimersRefundsAreTakenOverAfterTheLease() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String refundSn = "RFD" + String.format("%022d", System.nanoTime());
            mine.add(refundSn);
            // for a payment the gateway does not know: every submission fails and is retried, attempts counting up
            db.sql("INSERT INTO payment_refund (sn, payment_sn, order_sn, user_id, amount, reason, status, next_attempt_at) "
                            + "VALUES (:sn, :sn, :order, 1, 1, 'TEST', 'PENDING', UTC_TIMESTAMP(3) - INTERVAL 1 HOUR)")
                    .bind("sn", refundSn).bind("order", newOrderSn()).fetch().rowsUpdated().block();
        }
        try {
            // two claimers at once, and this service's own refund job (every 200 ms) as a third
            Instant now = Instant.now();
            Instant longLease = now.plus(Duration.ofHours(1));
            List<List<Refund>> claims = Mono.zip(refunds.claimDue(now, 100, longLease).collectList(),
                    refunds.claimDue(now, 100, longLease).collectList()).map(both -> List.of(both.getT1(), both.getT2())).block();
            Set<String> first = sns(claims.get(0));
            Set<String> second = sns(claims.get(1));
            assertThat(Collections.disjoint(first, second)).as(first + " and " + second + " share nothing").isTrue();
            Set<String> ours = new HashSet<>(first);
            ours.addAll(second);
            ours.retainAll(mine);
            assertThat(ours).as("claimed by the test's claimers").isNotEmpty();
            assertThat(count("SELECT COUNT(*) FROM payment_refund WHERE sn IN ('" + String.join("','", ours)
                    + "') AND attempts = 0 AND next_attempt_at > UTC_TIMESTAMP(3) + INTERVAL 50 MINUTE"))
                    .as("a claimed refund is left alone by every other claimer until its lease ends").isEqualTo(ours.size());

            // the claimers die: once their lease has passed, the service's own job takes the refunds over
            db.sql("UPDATE payment_refund SET next_attempt_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE sn IN (:sns)")
                    .bind("sns", List.copyOf(ours)).fetch().rowsUpdated().block();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM payment_refund WHERE sn IN ('"
                    + String.join("','", ours) + "') AND attempts >= 1") == ours.size());
        } finally {
            db.sql("DELETE FROM payment_refund WHERE sn IN (:sns)").bind("sns", mine).fetch().rowsUpdated().block();
        }
    }

    private long droppedNotifications() {
        return count("SELECT COUNT(*) FROM sandbox_notification WHERE last_error LIKE 'dropped%'");
    }

    private String sandboxTradeState(String paymentSn) {
        return db.sql("SELECT trade_state FROM sandbox_transaction WHERE out_trade_no = :p").bind("p", paymentSn)
                .map(r -> r.get("trade_state", String.class)).one().block();
    }

    private static Set<String> sns(List<Refund> refunds) {
        Set<String> sns = new HashSet<>();
        refunds.forEach(refund -> sns.add(refund.sn()));
        return sns;
    }
}

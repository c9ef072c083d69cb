package io.looklook.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.OrderPaymentRejected;
import io.looklook.order.PaymentRejectReason;
import io.looklook.payment.application.ReconciliationDays;
import io.looklook.payment.application.Refunds;
import io.micrometer.core.instrument.MeterRegistry;
import io.looklook.payment.domain.Refund;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
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

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Autowired
    Refunds refunds;

    @Autowired
    ReconciliationDays days;

    @Autowired
    MeterRegistry meters;

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
    void aPaymentRefundedAtTheGatewayBehindOurBackIsReportedOnceAndNeitherPaidNorFailed() {
        long user = newUser();
        String sn = placeOrder(user, 2_100, Instant.now().plusSeconds(5));
        String prepayId = prepay(user, sn);
        assertThat(data(sandboxPay(user, prepayId, true)).get("tradeState")).isEqualTo("SUCCESS");
        String paymentSn = paymentSnOf(sn);
        // its notification was dropped; an operator refunded it on the merchant platform before any check
        db.sql("UPDATE sandbox_transaction SET trade_state = 'REFUND' WHERE out_trade_no = :p").bind("p", paymentSn)
                .fetch().rowsUpdated().block();
        double reportedBefore = meters.counter("payment_reconciliations", "outcome", "left_for_a_person").count();

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                meters.counter("payment_reconciliations", "outcome", "left_for_a_person").count() == reportedBefore + 1);
        // a later payment's check (it fails once expired) shows the turns went on past it
        String laterSn = "PMT" + String.format("%022d", System.nanoTime());
        db.sql("INSERT INTO third_payment (create_time, sn, user_id, order_sn, pay_total, pay_status, expires_at) "
                        + "VALUES (UTC_TIMESTAMP(3), :sn, 1, :order, 500, 0, UTC_TIMESTAMP(3) - INTERVAL 1 SECOND)")
                .bind("sn", laterSn).bind("order", newOrderSn()).fetch().rowsUpdated().block();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> payStatus(laterSn) == -1);

        assertThat(meters.counter("payment_reconciliations", "outcome", "left_for_a_person").count()).as("reported once")
                .isEqualTo(reportedBefore + 1);
        assertThat(payStatus(paymentSn)).as("neither paid nor failed").isZero();
        assertThat(EVENTS.count(sn, PaymentSucceeded.class) + EVENTS.count(sn, PaymentFailed.class)).isZero();
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

    @Test
    void theDaysReconciliationRepairsAPaymentTheBillHasAndTheLedgerLacksThenFindsNothing() {
        long user = newUser();
        // a deadline far off: the expiry check stays out of it, only the day's bill can tell
        String sn = placeOrder(user, 2_700, Instant.now().plus(Duration.ofHours(1)));
        sandboxPay(user, prepay(user, sn), true);
        String paymentSn = paymentSnOf(sn);
        assertThat(payStatus(paymentSn)).as("its notification was dropped").isZero();

        List<Map<String, Object>> found = differencesOf(reconcileToday(), paymentSn);
        assertThat(found).singleElement().satisfies(d -> assertThat(d).containsEntry("kind", "PAID_THERE_NOT_HERE")
                .containsEntry("gatewayAmount", 2_700).containsEntry("ledgerAmount", -1).containsEntry("repaired", true));
        assertThat(payStatus(paymentSn)).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> EVENTS.count(sn, PaymentSucceeded.class) == 1);

        assertThat(differencesOf(reconcileToday(), paymentSn)).as("once repaired, the day agrees").isEmpty();
    }

    @Test
    void aDifferenceTheDaysReconciliationCannotRepairIsReportedAndChangesNothing() {
        long user = newUser();
        String sn = placeOrder(user, 1_900, Instant.now().plus(Duration.ofHours(1)));
        sandboxPay(user, prepay(user, sn), true);
        String paymentSn = paymentSnOf(sn);
        reconcileToday();
        assertThat(payStatus(paymentSn)).isEqualTo(1);
        // the gateway's books now say another amount: a person has to look
        db.sql("UPDATE sandbox_transaction SET amount = 1901 WHERE out_trade_no = :p").bind("p", paymentSn).fetch().rowsUpdated().block();
        double reportedBefore = meters.counter("payment_reconciliation_differences", "kind", "payment_amount_differs", "repaired", "false").count();

        Map<String, Object> report = reconcileToday();
        assertThat(differencesOf(report, paymentSn)).singleElement().satisfies(d -> assertThat(d)
                .containsEntry("kind", "PAYMENT_AMOUNT_DIFFERS").containsEntry("gatewayAmount", 1_901)
                .containsEntry("ledgerAmount", 1_900).containsEntry("repaired", false));
        assertThat(((Number) report.get("unresolved")).longValue()).isPositive();
        assertThat(meters.counter("payment_reconciliation_differences", "kind", "payment_amount_differs", "repaired", "false").count())
                .isGreaterThan(reportedBefore);
        assertThat(count("SELECT pay_total FROM third_payment WHERE sn = '" + paymentSn + "'")).isEqualTo(1_900);
        assertThat(EVENTS.count(sn, PaymentSucceeded.class)).isLessThanOrEqualTo(1);
    }

    @Test
    void theReconciliationRouteIsForOperatorsAndRefusesADayWithoutABill() {
        String route = "/payment/v1/admin/reconciliation";
        String today = "{\"date\":\"" + LocalDate.now(CHINA) + "\"}";
        http.post().uri(route).contentType(MediaType.APPLICATION_JSON).bodyValue(today).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo(100003);
        http.post().uri(route).headers(h -> h.setBearerAuth(tokens.forUser(1, "catalog:write"))).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(today).exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo(100009);
        for (String bad : List.of("{\"date\":\"" + LocalDate.now(CHINA).plusDays(2) + "\"}", "{\"date\":\"2026-13-45\"}",
                "{\"date\":7}", "{}", "[]", "not json")) {
            http.post().uri(route).headers(h -> h.setBearerAuth(operatorToken())).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(bad).exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo(100002);
        }
    }

    @Test
    void aDayIsClaimedByOneInstanceAndADeadInstancesClaimIsTakenOverAfterItsLease() {
        LocalDate day = LocalDate.of(2001, 1, 1).plusDays(System.nanoTime() % 3_000);
        Instant now = Instant.now();
        List<Boolean> racing = Mono.zip(days.claim(day, now, now.plusSeconds(60)), days.claim(day, now, now.plusSeconds(60)))
                .map(both -> List.of(both.getT1(), both.getT2())).block();
        assertThat(racing).containsExactlyInAnyOrder(true, false);
        assertThat(days.claim(day, now.plusSeconds(30), now.plusSeconds(90)).block()).as("the lease is live").isFalse();
        assertThat(days.claim(day, now.plusSeconds(61), now.plusSeconds(120)).block()).as("its instance died").isTrue();

        days.finished(day, now.plusSeconds(62), 0, 0).block();
        assertThat(days.claim(day, now.plusSeconds(200), now.plusSeconds(260)).block()).as("a finished day is not run again").isFalse();
    }

    private String operatorToken() {
        return tokens.forUser(1, "payments:admin");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> reconcileToday() {
        Map<String, Object> envelope = http.post().uri("/payment/v1/admin/reconciliation").headers(h -> h.setBearerAuth(operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"date\":\"" + LocalDate.now(CHINA) + "\"}").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return data(envelope);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> differencesOf(Map<String, Object> report, String paymentSn) {
        return ((List<Map<String, Object>>) report.get("differences")).stream().filter(d -> paymentSn.equals(d.get("paymentSn"))).toList();
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

package io.looklook.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.PaymentSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import io.looklook.order.application.OrderStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** order-service applying PaymentSucceeded from payment.events, as payment-service will send it. */
class PayOrderIT extends OrderIT {

    private static final long PRICE = 10_000;

    @Autowired
    OrderStore store;
    @Autowired
    TransactionalOperator tx;

    @Test
    void aPaymentPaysAWaitingOrderOnceWithOneOrderPaid() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, PRICE, 0), false, day(3), day(4), 1, "pay me"));
        Instant payTime = Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        PaymentSucceeded payment = payment(sn, "PMT" + System.nanoTime(), user, PRICE, payTime);

        send(sn, payment);
        awaitProcessed(payment.getEventId());
        Map<String, Object> detail = detail(user, sn);
        assertThat(((Number) detail.get("tradeState")).intValue()).isEqualTo(1);
        assertThat(((Number) detail.get("payTime")).longValue()).isEqualTo(payTime.getEpochSecond());
        assertThat(detail.get("payType")).isEqualTo("WECHAT_PAY");

        send(sn, payment); // redelivered: the inbox recognises it
        PaymentSucceeded again = payment(sn, payment.getPaymentSn(), user, PRICE, payTime); // same payment, new event id
        send(sn, again);
        awaitProcessed(again.getEventId());
        List<GenericRecord> events = OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(3));
        assertThat(named(events, "OrderPaid")).hasSize(1);
        assertThat(named(events, "OrderPaymentRejected")).isEmpty();
        GenericRecord paid = named(events, "OrderPaid").get(0);
        assertThat(paid.get("paymentSn").toString()).isEqualTo(payment.getPaymentSn());
        assertThat(((Number) paid.get("payTotal")).longValue()).isEqualTo(PRICE);
    }

    @Test
    void aPaymentForAClosedOrderIsRejectedForRefundAndTheOrderStaysClosed() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, PRICE, 0), false, day(3), day(4), 1, "too late"));
        db.sql("UPDATE homestay_order SET trade_state = -1 WHERE sn = :sn").bind("sn", sn).fetch().rowsUpdated().block();
        PaymentSucceeded payment = payment(sn, "PMT" + System.nanoTime(), user, PRICE, Instant.now());

        send(sn, payment);
        awaitProcessed(payment.getEventId());
        assertThat(tradeState(sn)).isEqualTo(-1);
        assertThat(rejection(sn).get("reason").toString()).isEqualTo("ORDER_CLOSED");
    }

    /**
     * The root of a payment that lost to a close being named ALREADY_PAID: inside the payment's transaction the
     * order was read before the close committed, and a plain re-read returns that snapshot; the locking read PayOrder
     * now uses after its conditional update failed returns the close.
     */
    @Test
    void afterAConcurrentCloseTheLockingReadSeesItWhereTheSnapshotDoesNot() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, PRICE, 0), false, day(3), day(4), 1, "raced"));
        int[] states = tx.transactional(store.findBySn(sn) // the snapshot is taken here, as PayOrder's first read
                .flatMap(first -> Mono.fromCallable(() -> closeOnAnotherConnection(sn)).subscribeOn(Schedulers.boundedElastic())
                        .then(store.payIfWaiting(sn, "PMT-LOST", Instant.now(), "WECHAT_PAY"))
                        .flatMap(changed -> {
                            assertThat(changed).as("the close won").isFalse();
                            return store.findBySn(sn).zipWith(store.lockBySn(sn));
                        })
                        .map(both -> new int[] {first.tradeState(), both.getT1().tradeState(), both.getT2().tradeState()})))
                .block();

        assertThat(states).containsExactly(0, 0, -1);
    }

    private int closeOnAnotherConnection(String sn) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.looklook.testsupport.TestInfra.get().jdbcUrl("looklook_order"),
                "looklook", io.looklook.testsupport.TestInfra.DB_PASSWORD)) {
            return c.createStatement().executeUpdate("UPDATE homestay_order SET trade_state = -1 WHERE sn = '" + sn + "'");
        }
    }

    @Test
    void aSecondPaymentForAPaidOrderIsRejectedForRefund() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, PRICE, 0), false, day(3), day(4), 1, "twice"));
        PaymentSucceeded first = payment(sn, "PMT" + System.nanoTime(), user, PRICE, Instant.now());
        PaymentSucceeded second = payment(sn, "PMT" + (System.nanoTime() + 1), user, PRICE, Instant.now());
        send(sn, first);
        send(sn, second);
        awaitProcessed(second.getEventId());
        assertThat(tradeState(sn)).isEqualTo(1);
        GenericRecord rejected = rejection(sn);
        assertThat(rejected.get("reason").toString()).isEqualTo("ALREADY_PAID");
        assertThat(rejected.get("paymentSn").toString()).isEqualTo(second.getPaymentSn());
        assertThat(((Number) rejected.get("userId")).longValue()).isEqualTo(user);
    }

    @Test
    void aWrongAmountOrAnUnknownOrderIsRejectedAndChangesNothing() {
        long user = newUser();
        String sn = place(user, orderJson(newHomestay(2, PRICE, 0), false, day(3), day(4), 1, "cheap"));
        PaymentSucceeded wrong = payment(sn, "PMT" + System.nanoTime(), user, PRICE - 1, Instant.now());
        send(sn, wrong);
        awaitProcessed(wrong.getEventId());
        assertThat(tradeState(sn)).isZero();
        assertThat(rejection(sn).get("reason").toString()).isEqualTo("AMOUNT_MISMATCH");

        String unknown = "HSO20991231000000" + (10_000_000 + (int) (Math.random() * 89_999_999));
        PaymentSucceeded orphan = payment(unknown, "PMT" + System.nanoTime(), user, PRICE, Instant.now());
        send(unknown, orphan);
        awaitProcessed(orphan.getEventId());
        assertThat(rejection(unknown).get("reason").toString()).isEqualTo("UNKNOWN_ORDER");
    }

    private static PaymentSucceeded payment(String sn, String paymentSn, long user, long total, Instant payTime) {
        return new PaymentSucceeded(UUID.randomUUID(), Instant.now(), sn, paymentSn, user, total, payTime, "WECHAT_PAY",
                "wx" + System.nanoTime());
    }

    private static GenericRecord rejection(String sn) {
        List<GenericRecord> rejected = named(OrderEventsProbe.eventsWhere("sn", sn, Duration.ofSeconds(3)), "OrderPaymentRejected");
        assertThat(rejected).hasSize(1);
        return rejected.get(0);
    }

    private static List<GenericRecord> named(List<GenericRecord> events, String name) {
        return events.stream().filter(e -> e.getSchema().getName().equals(name)).toList();
    }

    private static void send(String sn, PaymentSucceeded payment) {
        sendEvent("payment.events", sn, payment);
    }
}

package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pay-versus-close race, many times over, with two order-service instances sharing the partitions: each order
 * gets a successful payment (the sandbox pays; its notification reaches payment-service's callback, then
 * {@code PaymentSucceeded} reaches order-service) and a {@code CloseOrderRequested} (as the scheduler sends at the
 * deadline) at nearly the same instant: for half of them the close is sent just before the payer pays, for the other
 * half just after payment-service applied the payment's notification (its {@code PaymentSucceeded} is then on its
 * way, and races the close to order-service). Whatever
 * wins, every order ends paid or closed with exactly one terminal event, a closed order's payment is refunded
 * exactly once, and no order is paid twice.
 */
class PayCloseRaceSystemIT extends SystemIT {

    private static final Logger log = LoggerFactory.getLogger(PayCloseRaceSystemIT.class);
    /**
     * The figure is 10,000 ({@code -Drace.orders=10000}: about 17 minutes on two cores, see payment-service's
     * README); CI races fewer to stay in its time budget.
     */
    private static final int ORDERS = Integer.getInteger("race.orders", 300);
    /** Orders raced at once: each spends most of its time waiting for a hop (outbox relay, consumer, notification). */
    private static final int IN_FLIGHT = Integer.getInteger("race.clients", 16);

    record Raced(String sn, long user, boolean closeFirst) {
    }

    @Test
    void everyOrderEndsPaidOrClosedOnceAndEveryLosingPaymentIsRefundedOnce() throws Exception {
        long homestay = newHomestay(12_345);
        Serializer<Object> avro = AvroSerdes.valueSerializer(TestInfra.get().registryUrl());
        List<Raced> raced = new ArrayList<>();
        Instant start = Instant.now();
        ExecutorService clients = Executors.newFixedThreadPool(IN_FLIGHT);
        try (KafkaProducer<String, byte[]> commands = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers(), "linger.ms", 0), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<Raced>> results = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                boolean closeFirst = i % 2 == 0;
                int instance = i % 2;
                results.add(clients.submit(() -> race(commands, avro, homestay, instance, closeFirst)));
            }
            for (Future<Raced> result : results) {
                raced.add(result.get());
            }
        } finally {
            clients.shutdownNow();
        }
        Duration racing = Duration.between(start, Instant.now());

        // settled: each order has its terminal event, and each closed one its refund
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> raced.stream().allMatch(r ->
                EVENTS.count(r.sn(), OrderPaid.class) + EVENTS.count(r.sn(), OrderClosed.class) >= 1
                        && (EVENTS.count(r.sn(), OrderClosed.class) == 0 || EVENTS.count(r.sn(), PaymentRefunded.class) >= 1)));
        Duration settling = Duration.between(start, Instant.now());
        Map<String, Integer> tradeStates = column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
        Map<String, Integer> payStatuses = column("looklook_payment", "SELECT order_sn, pay_status FROM third_payment");

        int paid = 0;
        int paidWhenCloseSentFirst = 0;
        for (Raced r : raced) {
            long paidEvents = EVENTS.count(r.sn(), OrderPaid.class);
            long closedEvents = EVENTS.count(r.sn(), OrderClosed.class);
            assertThat(paidEvents + closedEvents).as("terminal events of %s", r.sn()).isEqualTo(1);
            assertThat(EVENTS.count(r.sn(), PaymentSucceeded.class)).as("payments of %s", r.sn()).isEqualTo(1);
            if (paidEvents == 1) {
                paid++;
                paidWhenCloseSentFirst += r.closeFirst() ? 1 : 0;
                assertThat(tradeStates.get(r.sn())).as(r.sn()).isEqualTo(1);
                assertThat(payStatuses.get(r.sn())).as(r.sn()).isEqualTo(1);
                assertThat(EVENTS.count(r.sn(), PaymentRefunded.class)).as("refunds of paid %s", r.sn()).isZero();
                assertThat(EVENTS.events(r.sn(), OrderPaid.class).get(0).getPaymentSn())
                        .isEqualTo(EVENTS.events(r.sn(), PaymentSucceeded.class).get(0).getPaymentSn());
            } else {
                assertThat(tradeStates.get(r.sn())).as(r.sn()).isEqualTo(-1);
                assertThat(EVENTS.count(r.sn(), OrderPaymentRejected.class)).as("rejections of %s", r.sn()).isEqualTo(1);
                assertThat(EVENTS.count(r.sn(), PaymentRefunded.class)).as("refunds of closed %s", r.sn()).isEqualTo(1);
                assertThat(payStatuses.get(r.sn())).as(r.sn()).isEqualTo(2);
            }
        }
        log.info("race: {} orders raced in {} s, settled in {} s: {} paid ({} of them with the close sent first), {} closed and "
                        + "refunded", ORDERS, racing.toSeconds(), settling.toSeconds(), paid, paidWhenCloseSentFirst, ORDERS - paid);
        assertThat(paid).as("both outcomes happen").isBetween(1, ORDERS - 1);
    }

    /** Places an order, opens its payment, then sends the close request and the payer's payment back to back. */
    private Raced race(KafkaProducer<String, byte[]> commands, Serializer<Object> avro, long homestay, int instance,
                       boolean closeFirst) throws Exception {
        long user = newUser();
        String sn = placeOrder(STACK.orders.get(instance), user, homestay);
        String prepayId = prepay(user, sn);
        Instant now = Instant.now();
        ProducerRecord<String, byte[]> close = new ProducerRecord<>("order.commands", sn, avro.serialize("order.commands",
                new CloseOrderRequested(UUID.randomUUID(), now, sn, now, now)));
        if (closeFirst) {
            commands.send(close).get();
            sandboxPay(user, prepayId);
        } else {
            // the close is sent the moment payment-service has applied the gateway's notification: its
            // PaymentSucceeded and the close then race to order-service
            sandboxPay(user, prepayId);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                    .until(() -> Integer.valueOf(1).equals(paymentStatus(user, sn).get("payStatus")));
            commands.send(close).get();
        }
        return new Raced(sn, user, closeFirst);
    }

}

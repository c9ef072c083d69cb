package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Money adds up when the gateway's notifications get lost: two more payment-service instances whose sandbox drops
 * 30 % of its notifications take the payments (every instance claims the background work: notifications, refunds,
 * checks). Of the orders (400 in the build, {@code -Dlost.orders=N} for more), 70 % are paid in time and 30 % are paid after their order closed. Every paid order ends
 * paid although its notification may never have come (the gateway is asked before the order's deadline), every late
 * payment is refunded exactly once (the sandbox's ledger counts its refunds), no payment stays waiting past its expiry
 * plus the margin, and the day's reconciliation with the gateway's bill finds nothing left to settle.
 */
class LostNotificationsSystemIT extends SystemIT {

    private static final Logger log = LoggerFactory.getLogger(LostNotificationsSystemIT.class);
    private static final int ORDERS = Integer.getInteger("lost.orders", 400);
    private static final int IN_FLIGHT = Integer.getInteger("lost.clients", 16);
    private static final Duration MARGIN = Duration.ofSeconds(5);
    private static final List<ServiceProcess> PAYMENTS = new ArrayList<>();

    record Order(String sn, long user, boolean late) {
    }

    @BeforeAll
    static void twoPaymentInstancesThatLoseNotifications() {
        String[] settings = {"--looklook.payment.sandbox.drop-share=0.3", "--looklook.payment.payment-check-after=2s",
                "--looklook.payment.payment-check-margin=" + MARGIN.toSeconds() + "s", "--looklook.payment.refund-check-after=3s",
                "--looklook.payment.reconcile-poll-interval=500ms"};
        List<java.util.concurrent.CompletableFuture<ServiceProcess>> starting = List.of(
                java.util.concurrent.CompletableFuture.supplyAsync(() -> STACK.startPayment("system-payment-lossy-1", settings)),
                java.util.concurrent.CompletableFuture.supplyAsync(() -> STACK.startPayment("system-payment-lossy-2", settings)));
        starting.forEach(instance -> PAYMENTS.add(instance.join()));
        // three instances now share payment-service's groups: an order each instance can open a payment for, with
        // the patience of a rebalance, before the load
        long homestay = newHomestay(1_000);
        for (ServiceProcess payment : PAYMENTS) {
            long user = newUser();
            prepay(payment, user, placeOrder(STACK.orders.get(0), user, homestay), Duration.ofMinutes(2));
        }
    }

    /**
     * Stopped, not killed: a stopped instance leaves payment-service's groups at once, where a killed one would hold
     * its partitions until its session times out (45 s), and the next test's orders would wait for them.
     */
    @AfterAll
    static void stopThem() throws InterruptedException {
        for (ServiceProcess payment : PAYMENTS) {
            payment.stop();
        }
    }

    @Test
    void everyPaidOrderEndsPaidEveryLatePaymentIsRefundedOnceAndTheDayReconciles() throws Exception {
        long homestay = newHomestay(23_456);
        long droppedBefore = droppedNotifications();
        LocalDate firstDay = LocalDate.now(SHANGHAI);
        Instant start = Instant.now();
        List<Order> orders = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(IN_FLIGHT);
        Serializer<Object> avro = AvroSerdes.valueSerializer(TestInfra.get().registryUrl());
        try (KafkaProducer<String, byte[]> commands = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers(), "linger.ms", 0), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<Order>> placed = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                int instance = i % 2;
                boolean late = i % 10 < 3;
                placed.add(clients.submit(() -> payOne(commands, avro, homestay, instance, late)));
            }
            for (Future<Order> order : placed) {
                orders.add(order.get());
            }
        } finally {
            clients.shutdownNow();
        }
        Duration paying = Duration.between(start, Instant.now());

        java.util.function.Predicate<Order> settled = o ->
                o.late() ? EVENTS.count(o.sn(), PaymentRefunded.class) >= 1 : EVENTS.count(o.sn(), OrderPaid.class) >= 1;
        try {
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> orders.stream().allMatch(settled));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not settled within 5 minutes: " + unsettled(orders, settled), e);
        }
        Duration settling = Duration.between(start, Instant.now());
        long dropped = droppedNotifications() - droppedBefore;

        Map<String, Integer> tradeStates = column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
        Map<String, Integer> payStatuses = column("looklook_payment", "SELECT order_sn, pay_status FROM third_payment");
        Map<String, Integer> sandboxRefunds = column("looklook_payment", "SELECT t.order_sn, COUNT(*) FROM sandbox_refund r "
                + "JOIN third_payment t ON t.sn = r.out_trade_no GROUP BY t.order_sn");
        for (Order o : orders) {
            assertThat(EVENTS.count(o.sn(), PaymentSucceeded.class)).as("payments of %s", o.sn()).isEqualTo(1);
            if (o.late()) {
                assertThat(EVENTS.count(o.sn(), OrderClosed.class)).as("close of late %s", o.sn()).isEqualTo(1);
                assertThat(EVENTS.count(o.sn(), OrderPaid.class)).as("late %s is not paid", o.sn()).isZero();
                assertThat(EVENTS.count(o.sn(), OrderPaymentRejected.class)).as("rejections of %s", o.sn()).isEqualTo(1);
                assertThat(EVENTS.count(o.sn(), PaymentRefunded.class)).as("refunds of %s", o.sn()).isEqualTo(1);
                assertThat(sandboxRefunds.get(o.sn())).as("refunds at the gateway of %s", o.sn()).isEqualTo(1);
                assertThat(tradeStates.get(o.sn())).as(o.sn()).isEqualTo(-1);
                assertThat(payStatuses.get(o.sn())).as(o.sn()).isEqualTo(2);
            } else {
                assertThat(EVENTS.count(o.sn(), OrderPaid.class)).as("paid %s", o.sn()).isEqualTo(1);
                assertThat(EVENTS.count(o.sn(), OrderClosed.class)).as("paid %s is not closed", o.sn()).isZero();
                assertThat(EVENTS.count(o.sn(), PaymentRefunded.class)).as("paid %s is not refunded", o.sn()).isZero();
                assertThat(sandboxRefunds.get(o.sn())).as("refunds at the gateway of %s", o.sn()).isNull();
                assertThat(tradeStates.get(o.sn())).as(o.sn()).isEqualTo(1);
                assertThat(payStatuses.get(o.sn())).as(o.sn()).isEqualTo(1);
            }
        }
        assertThat(dropped).as("the sandbox lost notifications on purpose").isPositive();

        // every payment of the database, this test's and the others', is settled once expired plus the margin
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> column("looklook_payment",
                "SELECT 'waiting', COUNT(*) FROM third_payment WHERE pay_status = 0 AND expires_at < UTC_TIMESTAMP(3) - INTERVAL "
                        + (MARGIN.toSeconds() + 5) + " SECOND").get("waiting") == 0);

        Set<String> ours = orders.stream().map(Order::sn).collect(Collectors.toSet());
        Map<String, String> paymentOrder = paymentOrders();
        long unresolved = 0;
        for (LocalDate day = firstDay; !day.isAfter(LocalDate.now(SHANGHAI)); day = day.plusDays(1)) {
            Map<String, Object> report = reconcile(day);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> differences = (List<Map<String, Object>>) report.get("differences");
            log.info("reconciliation of {}: {}", day, report);
            assertThat(differences).as("differences of this test's payments on %s", day)
                    .noneMatch(d -> ours.contains(paymentOrder.get((String) d.get("paymentSn"))));
            unresolved += ((Number) report.get("unresolved")).longValue();
        }
        assertThat(unresolved).as("differences left for a person").isZero();
        log.info("lost notifications: {} orders ({} late) paid through two lossy payment-service instances in {} s, settled in {} s; "
                        + "{} notifications dropped by the sandbox", ORDERS, orders.stream().filter(Order::late).count(), paying.toSeconds(),
                settling.toSeconds(), dropped);
    }

    /** What each unsettled order has seen (at most ten), for the failure message. */
    private static String unsettled(List<Order> orders, java.util.function.Predicate<Order> settled) throws Exception {
        Map<String, Integer> payStatuses = column("looklook_payment", "SELECT order_sn, pay_status FROM third_payment");
        Map<String, Integer> tradeStates = column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
        List<Order> left = orders.stream().filter(settled.negate()).toList();
        return left.size() + " orders, e.g. " + left.stream().limit(10).map(o -> o.sn() + (o.late() ? " (late)" : "")
                + ": trade state " + tradeStates.get(o.sn()) + ", pay status " + payStatuses.get(o.sn()) + ", events "
                + EVENTS.typesOf(o.sn())).collect(Collectors.joining("; "));
    }

    /** Places an order and pays it on one of the lossy instances: on time, or after its order was closed. */
    private Order payOne(KafkaProducer<String, byte[]> commands, Serializer<Object> avro, long homestay, int instance, boolean late)
            throws Exception {
        long user = newUser();
        String sn = placeOrder(STACK.orders.get(instance), user, homestay);
        ServiceProcess payment = PAYMENTS.get(instance);
        String prepayId = prepay(payment, user, sn);
        if (late) {
            Instant now = Instant.now();
            commands.send(new ProducerRecord<>("order.commands", sn, avro.serialize("order.commands",
                    new CloseOrderRequested(UUID.randomUUID(), now, sn, now, now)))).get();
            Awaitility.await().atMost(CLIENT_PATIENCE).pollInterval(Duration.ofMillis(100))
                    .until(() -> EVENTS.count(sn, OrderClosed.class) == 1);
        }
        sandboxPay(payment, user, prepayId);
        return new Order(sn, user, late);
    }

    private Map<String, Object> reconcile(LocalDate day) {
        return LooklookStack.data(retriedWhileBusy(() -> STACK.post(PAYMENTS.get(0), "/payment/v1/admin/reconciliation", 1,
                Map.of("date", day.toString()), "payments:admin")));
    }

    private static long droppedNotifications() throws Exception {
        return column("looklook_payment", "SELECT 'dropped', COUNT(*) FROM sandbox_notification WHERE last_error LIKE 'dropped%'")
                .get("dropped");
    }

    private static Map<String, String> paymentOrders() throws Exception {
        Map<String, String> orders = new java.util.HashMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestInfra.get().jdbcUrl("looklook_payment"), "looklook",
                TestInfra.DB_PASSWORD); java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT sn, order_sn FROM third_payment")) {
            while (rs.next()) {
                orders.put(rs.getString(1), rs.getString(2));
            }
        }
        return orders;
    }
}

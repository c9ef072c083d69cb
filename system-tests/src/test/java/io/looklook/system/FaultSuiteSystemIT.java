package io.looklook.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.infra.TopicDeclaration;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.testsupport.InfraPart;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite: a steady mixed load ({@link FaultLoad}) runs while MariaDB, the registry and the broker in turn are
 * frozen (SIGSTOP, 20 s) and, in a second round, killed (SIGKILL) and started again, the delay-scheduler being
 * restarted too while the registry is away. Then a checker reads every topic and database: for every order the API
 * acknowledged, exactly one OrderCreated and one terminal state (paid or closed), reached no later than a bound after
 * its deadline plus the outages it lived through; every acknowledged payment succeeded, and one that lost to the
 * close was refunded exactly once; nothing dead-lettered, nothing applied twice. It runs with the broker, registry and
 * MariaDB as processes of their own ({@code -Dlooklook.test.infra=processes}, its own failsafe execution).
 *
 * <p>{@code -Dfaults.minutes=30} runs the long version instead: random faults every few minutes, {@code kill -9} of
 * each service among them (see docs/reliability.md).
 */
class FaultSuiteSystemIT extends SystemIT {

    private static final Logger log = LoggerFactory.getLogger(FaultSuiteSystemIT.class);
    private static final Duration FREEZE = Duration.ofSeconds(20);
    private static final Duration DOWN = Duration.ofSeconds(10);
    private static final Duration STEADY = Duration.ofSeconds(15);
    /** How late past its deadline (beyond the outages it lived through) an order may reach its terminal state. */
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int LONG_RUN_MINUTES = Integer.getInteger("faults.minutes", 0);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What the delay-scheduler did about each order (for the account of an order that did not settle). */
    private static final io.looklook.testsupport.TopicRecorder SCHEDULER = io.looklook.testsupport.TopicRecorder.of(
            "scheduler.events", "order.commands");

    /** A fault as it happened: when it began, when the part was back, and how long the system took to catch up. */
    record Window(String fault, Instant start, Instant restored, Duration firstOrderAfter, Duration outboxesDrained) {
        Duration length() {
            return Duration.between(start, restored);
        }

        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && restored.isAfter(from);
        }
    }

    @Test
    void everyAcknowledgedOrderEndsInOneRightStateThroughOutagesOfTheDatabaseTheRegistryAndTheBroker() throws Exception {
        long homestay = newHomestay(23_400);
        placeOrder(STACK.orders.get(0), newUser(), homestay); // both instances can price it
        placeOrder(STACK.orders.get(1), newUser(), homestay);
        List<Window> windows = new ArrayList<>();
        Instant began = Instant.now();
        FaultLoad load = new FaultLoad(STACK, homestay, SystemIT::newUser, LooklookStack.CLOSE_AFTER);
        try {
            load.start(Duration.ofMillis(300));
            hold(STEADY);
            TestInfra infra = TestInfra.get();
            if (LONG_RUN_MINUTES == 0) {
                for (InfraPart part : List.of(infra.database(), infra.registry(), infra.broker())) {
                    windows.add(freeze(part, load));
                    hold(STEADY);
                }
                for (InfraPart part : List.of(infra.database(), infra.registry(), infra.broker())) {
                    windows.add(killAndRestart(part, load));
                    hold(STEADY);
                }
            } else {
                windows.addAll(randomFaults(load, Duration.ofMinutes(LONG_RUN_MINUTES)));
            }
            load.stopPlacing();
            // the last orders' payments (some at their deadline) still run: then nothing new is sent
            Awaitility.await().atMost(LooklookStack.CLOSE_AFTER.plusSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(load::idle);
        } finally {
            load.close();
        }
        List<FaultLoad.Placed> placed = load.placed();
        assertThat(placed).as("orders acknowledged").hasSizeGreaterThan(100);

        // settled: every acknowledged order has its terminal event, every closed one with a payment its refund
        try {
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> placed.stream().allMatch(FaultSuiteSystemIT::settled));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, Integer> states = column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
            throw new AssertionError("orders that did not settle:\n" + placed.stream().filter(o -> !settled(o))
                    .map(o -> o.sn + " placed " + o.placedAt + " plan " + o.plan + " payAcknowledged " + o.payAcknowledged
                            + " tradeState " + states.get(o.sn) + " events " + EVENTS.events(o.sn, Object.class).stream()
                            .map(ev -> ev.getClass().getSimpleName()).toList() + " scheduler " + SCHEDULER.events(
                            "order-timeout:" + o.sn, Object.class) + " commands " + SCHEDULER.events(o.sn, Object.class))
                    .collect(Collectors.joining("\n")), e);
        }

        Map<String, Integer> tradeStates = column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
        Map<String, Integer> refundsPerPayment = column("looklook_payment",
                "SELECT payment_sn, COUNT(*) FROM payment_refund GROUP BY payment_sn");
        int paid = 0;
        int closed = 0;
        int refunded = 0;
        int republished = 0;
        Duration worstBeyondOutages = Duration.ZERO;
        for (FaultLoad.Placed order : placed) {
            String sn = order.sn;
            assertThat(EVENTS.count(sn, OrderCreated.class)).as("OrderCreated of %s", sn).isEqualTo(1);
            assertThat(terminalEvents(sn)).as("terminal events of %s", sn).isEqualTo(1);
            republished += EVENTS.events(sn, Object.class).size() - distinctEvents(sn);
            Instant deadline = EVENTS.events(sn, OrderCreated.class).get(0).getPayDeadline();
            long payments = EVENTS.count(sn, PaymentSucceeded.class);
            if (order.payAcknowledged) {
                assertThat(payments).as("an acknowledged payment of %s succeeded", sn).isEqualTo(1);
            }
            Instant endedAt;
            if (EVENTS.count(sn, OrderPaid.class) == 1) {
                paid++;
                endedAt = EVENTS.events(sn, OrderPaid.class).get(0).getOccurredAt();
                assertThat(tradeStates.get(sn)).as("trade state of paid %s", sn).isEqualTo(1);
                assertThat(EVENTS.count(sn, PaymentRefunded.class)).as("refunds of paid %s", sn).isZero();
            } else {
                closed++;
                endedAt = EVENTS.events(sn, OrderClosed.class).get(0).getOccurredAt();
                assertThat(tradeStates.get(sn)).as("trade state of closed %s", sn).isEqualTo(-1);
                assertThat(EVENTS.count(sn, OrderPaymentRejected.class)).as("rejections of %s", sn).isEqualTo(payments);
                assertThat(EVENTS.count(sn, PaymentRefunded.class)).as("refunds of closed %s", sn).isEqualTo(payments);
                for (PaymentSucceeded payment : EVENTS.events(sn, PaymentSucceeded.class)) {
                    assertThat(refundsPerPayment.get(payment.getPaymentSn())).as("refunds of %s", payment.getPaymentSn())
                            .isEqualTo(1);
                    refunded++;
                }
            }
            Duration outages = windows.stream().filter(w -> w.overlaps(order.placedAt, endedAt)).map(Window::length)
                    .reduce(Duration.ZERO, Duration::plus);
            Duration beyond = Duration.between(deadline.plus(outages), endedAt);
            assertThat(beyond).as("%s ended %s after its deadline plus %s of outages", sn, beyond, outages)
                    .isLessThanOrEqualTo(BOUND);
            worstBeyondOutages = beyond.compareTo(worstBeyondOutages) > 0 ? beyond : worstBeyondOutages;
        }
        Map<String, Long> deadLetters = deadLetters();
        assertThat(deadLetters).as("dead letters").allSatisfy((topic, count) -> assertThat(count).as(topic).isZero());

        String report = report(load, placed.size(), paid, closed, refunded, republished, worstBeyondOutages, windows,
                Duration.between(began, Instant.now()));
        log.info("fault suite:\n{}", report);
        Files.writeString(Path.of("target", "fault-suite-report.txt"), report);
    }

    /** SIGSTOP, an outage's length, SIGCONT. */
    private Window freeze(InfraPart part, FaultLoad load) {
        Instant start = Instant.now();
        part.freeze();
        log.info("fault: {} frozen for {} s", part, FREEZE.toSeconds());
        hold(FREEZE);
        part.thaw();
        return recovered(part + " frozen " + FREEZE.toSeconds() + " s", start, load);
    }

    /**
     * SIGKILL, down for a while, started again on its data. With the registry away the delay-scheduler is restarted
     * too: it must wait for the registry (not ready meanwhile) and then close the orders placed before.
     */
    private Window killAndRestart(InfraPart part, FaultLoad load) throws Exception {
        Instant start = Instant.now();
        part.kill();
        log.info("fault: {} killed", part);
        CompletableFuture<Void> scheduler = CompletableFuture.completedFuture(null);
        if (part == TestInfra.get().registry()) {
            STACK.scheduler.kill();
            scheduler = CompletableFuture.runAsync(() -> {
                try {
                    STACK.scheduler.startAgain(); // returns once it is ready: after the registry is back
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        hold(DOWN);
        part.start();
        scheduler.get();
        return recovered(part + " killed, " + DOWN.toSeconds() + " s down" + (part == TestInfra.get().registry()
                ? ", delay-scheduler restarted meanwhile" : ""), start, load);
    }

    /** The long run: a random fault every one to three minutes, kill -9 of each service among them. */
    private List<Window> randomFaults(FaultLoad load, Duration length) throws Exception {
        Random random = new Random(Long.getLong("faults.seed", System.nanoTime()));
        List<Window> windows = new ArrayList<>();
        Instant end = Instant.now().plus(length);
        TestInfra infra = TestInfra.get();
        List<ServiceProcess> services = new ArrayList<>(List.of(STACK.travel, STACK.payment, STACK.scheduler));
        services.addAll(STACK.orders);
        while (Instant.now().isBefore(end)) {
            int pick = random.nextInt(6 + services.size());
            if (pick < 3) {
                windows.add(freeze(List.of(infra.database(), infra.registry(), infra.broker()).get(pick), load));
            } else if (pick < 6) {
                windows.add(killAndRestart(List.of(infra.database(), infra.registry(), infra.broker()).get(pick - 3), load));
            } else {
                ServiceProcess service = services.get(pick - 6);
                Instant start = Instant.now();
                service.kill();
                log.info("fault: service on port {} killed", service.port());
                service.startAgain();
                windows.add(recovered("kill -9 of the service on port " + service.port(), start, load));
            }
            hold(Duration.ofSeconds(60 + random.nextInt(120)));
        }
        return windows;
    }

    /** How long, after the part came back, until an order is placed again and both outboxes are drained. */
    private Window recovered(String fault, Instant start, FaultLoad load) {
        Instant restored = Instant.now();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.lastPlacedAt().isAfter(restored));
        Duration firstOrder = Duration.between(restored, load.lastPlacedAt());
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> backlog(STACK.orders.get(0)) == 0 && backlog(STACK.payment) == 0);
        Window window = new Window(fault, start, restored, firstOrder, Duration.between(restored, Instant.now()));
        log.info("fault: {}: orders placed again after {} ms, outboxes drained after {} ms", fault,
                window.firstOrderAfter().toMillis(), window.outboxesDrained().toMillis());
        return window;
    }

    private static boolean settled(FaultLoad.Placed o) {
        return terminalEvents(o.sn) >= 1 && (EVENTS.count(o.sn, OrderClosed.class) == 0
                || EVENTS.count(o.sn, PaymentSucceeded.class) == EVENTS.count(o.sn, PaymentRefunded.class));
    }

    private static long terminalEvents(String sn) {
        return EVENTS.count(sn, OrderPaid.class) + EVENTS.count(sn, OrderClosed.class);
    }

    private static int distinctEvents(String sn) {
        return (int) EVENTS.count(sn, Object.class);
    }

    /** The outbox rows waiting in a service (its metric: the relay refreshes it every second). */
    private static long backlog(ServiceProcess service) {
        try {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(line -> line.startsWith("outbox_backlog"))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<String, Long> deadLetters() {
        Map<String, Long> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (TopicDeclaration topic : TopicDeclaration.all()) {
                if (!topic.hasDeadLetterTopic()) {
                    continue;
                }
                String dlt = topic.name() + "-dlt";
                List<TopicPartition> partitions = consumer.partitionsFor(dlt).stream()
                        .map(p -> new TopicPartition(dlt, p.partition())).toList();
                counts.put(dlt, consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum());
            }
        }
        return counts;
    }

    private static String report(FaultLoad load, int acknowledged, int paid, int closed, int refunded, int republished,
                                 Duration worstBeyondOutages, List<Window> windows, Duration took) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("run: %d s; orders tried %d, acknowledged %d (refused while a part was away: %d), "
                        + "payments tried %d%n", took.toSeconds(), load.attempts(), acknowledged, load.refused(), load.payAttempts()));
        out.append(String.format("outcome: paid %d, closed %d, refunds %d; lost 0, applied twice 0, dead-lettered 0; "
                + "records published again by a relay (same eventId, ignored by the inboxes): %d%n", paid, closed, refunded,
                republished));
        out.append(String.format("latest terminal state beyond deadline + outages: %d ms (bound %d s)%n",
                worstBeyondOutages.toMillis(), BOUND.toSeconds()));
        out.append("| fault | length | orders placed again after | outboxes drained after |\n|---|---|---|---|\n");
        out.append(windows.stream().map(w -> String.format("| %s | %.1f s | %d ms | %d ms |", w.fault(),
                w.length().toMillis() / 1000.0, w.firstOrderAfter().toMillis(), w.outboxesDrained().toMillis()))
                .collect(Collectors.joining("\n")));
        return out.append('\n').toString();
    }

    /** The length of an outage, or of steady load between two: the suite's own pacing, nothing is awaited. */
    private static void hold(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

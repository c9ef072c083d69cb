package io.looklook.system;

import static io.looklook.system.SystemIT.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.infra.TopicDeclaration;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderCreated;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderPaymentRejected;
import io.looklook.payment.PaymentRefunded;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import io.looklook.testsupport.TopicRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of faults under {@link FaultLoad}, and its verdict, shared by the fault suites: each fault is recorded as a
 * {@link Window} once the system has caught up after it; then {@link #verify} waits for every acknowledged order to
 * settle and checks, from the topics and the databases, exactly one OrderCreated and one terminal state each (paid or
 * closed), reached no later than {@code bound} after its deadline plus the outages it lived through; every
 * acknowledged payment succeeded, one that lost to the close refunded exactly once; nothing dead-lettered.
 */
final class FaultRun {

    private static final Logger log = LoggerFactory.getLogger(FaultRun.class);
    /** looklook_order_outbox_backlog_records, looklook_payment_outbox_backlog_records... */
    private static final java.util.regex.Pattern BACKLOG = java.util.regex.Pattern.compile("looklook_[a-z_]+_outbox_backlog_records[ {]");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What the delay-scheduler did about each order (for the account of an order that did not settle). */
    private static final TopicRecorder SCHEDULER = TopicRecorder.of("scheduler.events", "order.commands");

    /** A fault as it happened: when it began, when the part was back, and how long the system took to catch up. */
    record Window(String fault, Instant start, Instant restored, Duration firstOrderAfter, Duration outboxesDrained) {
        Duration length() {
            return Duration.between(start, restored);
        }

        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && restored.isAfter(from);
        }
    }

    /** What the checker found, for the report. */
    record Outcome(int acknowledged, int paid, int closed, int refunded, int republished, Duration worstBeyondOutages) {
    }

    private final LooklookStack stack;
    private final FaultLoad load;
    private final Duration bound;
    private final Instant began = Instant.now();
    private final List<Window> windows = new ArrayList<>();

    FaultRun(LooklookStack stack, FaultLoad load, Duration bound) {
        this.stack = stack;
        this.load = load;
        this.bound = bound;
    }

    List<Window> windows() {
        return List.copyOf(windows);
    }

    /**
     * Records a fault that began at {@code start} and whose part is back now, once an order is placed again after it
     * and every outbox is drained.
     */
    Window recovered(String fault, Instant start) {
        Instant restored = Instant.now();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.lastPlacedAt().isAfter(restored));
        Duration firstOrder = Duration.between(restored, load.lastPlacedAt());
        // an instance that is down (or still starting) does not answer; the others relay the same outbox table
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> drained(stack.orders) && drained(stack.payments));
        Window window = new Window(fault, start, restored, firstOrder, Duration.between(restored, Instant.now()));
        windows.add(window);
        log.info("fault: {}: orders placed again after {} ms, outboxes drained after {} ms", fault,
                window.firstOrderAfter().toMillis(), window.outboxesDrained().toMillis());
        return window;
    }

    /** Stops placing, waits for the planned payments, then for every order to settle, and checks each; the report. */
    String verify() throws Exception {
        load.stopPlacing();
        // the last orders' payments (some at their deadline) still run: then nothing new is sent
        Awaitility.await().atMost(LooklookStack.CLOSE_AFTER.plusSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(load::idle);
        List<FaultLoad.Placed> placed = load.placed();
        assertThat(placed).as("orders acknowledged").hasSizeGreaterThan(100);
        awaitSettled(placed);
        Outcome outcome = check(placed);
        Map<String, Long> deadLetters = deadLetters();
        assertThat(deadLetters).as("dead letters").allSatisfy((topic, count) -> assertThat(count).as(topic).isZero());
        return report(outcome);
    }

    /** Every acknowledged order has its terminal event, every closed one with a payment its refund. */
    private static void awaitSettled(List<FaultLoad.Placed> placed) throws Exception {
        try {
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> placed.stream().allMatch(FaultRun::settled));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, Integer> states = SystemIT.column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
            throw new AssertionError("orders that did not settle:\n" + placed.stream().filter(o -> !settled(o))
                    .map(o -> o.sn + " placed " + o.placedAt + " plan " + o.plan + " payAcknowledged " + o.payAcknowledged
                            + " tradeState " + states.get(o.sn) + " events " + EVENTS.events(o.sn, Object.class).stream()
                            .map(ev -> ev.getClass().getSimpleName()).toList() + " scheduler " + SCHEDULER.events(
                            "order-timeout:" + o.sn, Object.class) + " commands " + SCHEDULER.events(o.sn, Object.class))
                    .collect(Collectors.joining("\n")), e);
        }
    }

    private Outcome check(List<FaultLoad.Placed> placed) throws Exception {
        Map<String, Integer> tradeStates = SystemIT.column("looklook_order", "SELECT sn, trade_state FROM homestay_order");
        Map<String, Integer> refundsPerPayment = SystemIT.column("looklook_payment",
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
            republished += EVENTS.events(sn, Object.class).size() - (int) EVENTS.count(sn, Object.class);
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
                    .isLessThanOrEqualTo(bound);
            worstBeyondOutages = beyond.compareTo(worstBeyondOutages) > 0 ? beyond : worstBeyondOutages;
        }
        return new Outcome(placed.size(), paid, closed, refunded, republished, worstBeyondOutages);
    }

    /** The latest a closed order's OrderClosed came after its deadline, among those whose deadline fell in [from, to). */
    static Duration latestCloseOfOrdersDueBetween(List<FaultLoad.Placed> placed, Instant from, Instant to) {
        Duration latest = Duration.ZERO;
        for (FaultLoad.Placed order : placed) {
            List<OrderCreated> created = EVENTS.events(order.sn, OrderCreated.class);
            List<OrderClosed> closed = EVENTS.events(order.sn, OrderClosed.class);
            if (created.isEmpty() || closed.isEmpty()) {
                continue;
            }
            Instant deadline = created.get(0).getPayDeadline();
            if (!deadline.isBefore(from) && deadline.isBefore(to)) {
                Duration late = Duration.between(deadline, closed.get(0).getOccurredAt());
                latest = late.compareTo(latest) > 0 ? late : latest;
            }
        }
        return latest;
    }

    private static boolean settled(FaultLoad.Placed o) {
        return terminalEvents(o.sn) >= 1 && (EVENTS.count(o.sn, OrderClosed.class) == 0
                || EVENTS.count(o.sn, PaymentSucceeded.class) == EVENTS.count(o.sn, PaymentRefunded.class));
    }

    private static long terminalEvents(String sn) {
        return EVENTS.count(sn, OrderPaid.class) + EVENTS.count(sn, OrderClosed.class);
    }

    /** Every instance that answers sees an empty outbox, and one at least answers. */
    private static boolean drained(List<ServiceProcess> instances) {
        List<Long> backlogs = instances.stream().map(FaultRun::backlog).filter(b -> b >= 0).toList();
        return !backlogs.isEmpty() && backlogs.stream().allMatch(b -> b == 0);
    }

    /** The outbox rows waiting in a service (its metric: the relay refreshes it every second); -1 if it does not answer. */
    private static long backlog(ServiceProcess service) {
        try {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().filter(line -> BACKLOG.matcher(line).lookingAt())
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

    private String report(Outcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("run: %d s; orders tried %d, acknowledged %d (refused while a part was away: %d), "
                        + "payments tried %d%n", Duration.between(began, Instant.now()).toSeconds(), load.attempts(),
                outcome.acknowledged(), load.refused(), load.payAttempts()));
        out.append(String.format("outcome: paid %d, closed %d, refunds %d; lost 0, applied twice 0, dead-lettered 0; "
                + "records published again by a relay (same eventId, ignored by the inboxes): %d%n", outcome.paid(),
                outcome.closed(), outcome.refunded(), outcome.republished()));
        out.append(String.format("latest terminal state beyond deadline + outages: %d ms (bound %d s)%n",
                outcome.worstBeyondOutages().toMillis(), bound.toSeconds()));
        out.append("| fault | length | orders placed again after | outboxes drained after |\n|---|---|---|---|\n");
        out.append(windows.stream().map(w -> String.format("| %s | %.1f s | %d ms | %d ms |", w.fault(),
                w.length().toMillis() / 1000.0, w.firstOrderAfter().toMillis(), w.outboxesDrained().toMillis()))
                .collect(Collectors.joining("\n")));
        return out.append('\n').toString();
    }

    /** The length of an outage, or of steady load between two: the suite's own pacing, nothing is awaited. */
    static void hold(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.looklook.scheduler.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.CloseReason;
import io.looklook.order.OrderClosed;
import io.looklook.order.OrderPaid;
import io.looklook.order.OrderCreated;
import io.looklook.scheduler.ScheduleAccepted;
import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleCancelled;
import io.looklook.scheduler.ScheduleFireNowRequested;
import io.looklook.scheduler.ScheduleFired;
import io.looklook.scheduler.ScheduleNotFound;
import io.looklook.scheduler.ScheduleRejected;
import io.looklook.scheduler.ScheduleRequested;
import io.looklook.scheduler.domain.ScheduleRules;
import io.looklook.scheduler.state.ScheduledTimer;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import io.looklook.schemas.RegistryUnavailableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.kafka.support.KafkaHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTopologyTest {

    private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration TICK = Duration.ofMillis(10);
    private static final String TARGET = "reminders";

    private final SchedulerSettings settings = new SchedulerSettings(TICK, 100, Duration.ofSeconds(1),
            new ScheduleRules(java.util.Set.of(TARGET), Duration.ofDays(7), 1024, 200, "order.commands"),
            "scheduler.requests", "scheduler.events", "order.events", "order.commands", Duration.ofSeconds(2));
    /** The registry-backed codec's failure while the registry cannot be asked, played by the test codec. */
    private final java.util.concurrent.atomic.AtomicBoolean registryAway = new java.util.concurrent.atomic.AtomicBoolean();

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, byte[]> orders;
    private TestOutputTopic<String, byte[]> events;
    private TestOutputTopic<byte[], byte[]> reminders;
    private TestOutputTopic<byte[], byte[]> commands;
    private SchedulerMetrics metrics;
    /** The spans the scheduler ended, as a Zipkin reporter would get them. */
    private final List<MutableSpan> spans = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Tracing brave;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Deserializer<Object> codec = NamedAvro.deserializer();
        Deserializer<Object> registryBacked = (topic, bytes) -> {
            if (registryAway.get()) {
                throw new RegistryUnavailableException("schema registry unreachable (ConnectException)");
            }
            return codec.deserialize(topic, bytes);
        };
        metrics = new SchedulerMetrics(new SimpleMeterRegistry());
        brave = Tracing.newBuilder().localServiceName("delay-scheduler").propagationFactory(new W3CPropagation())
                .addSpanHandler(new SpanHandler() {
                    @Override
                    public boolean end(brave.propagation.TraceContext context, MutableSpan span, Cause cause) {
                        spans.add(span);
                        return true;
                    }
                }).build();
        TimerTracing tracing = new TimerTracing(new BraveTracer(brave.tracer(), new BraveCurrentTraceContext(brave.currentTraceContext())),
                new BravePropagator(brave));
        driver = new TopologyTestDriver(SchedulerTopology.build(settings, registryBacked, NamedAvro.serializer(), metrics, tracing),
                props, START);
        requests = driver.createInputTopic("scheduler.requests", new StringSerializer(), new ByteArraySerializer());
        orders = driver.createInputTopic("order.events", new StringSerializer(), new ByteArraySerializer());
        events = driver.createOutputTopic("scheduler.events", new StringDeserializer(), new ByteArrayDeserializer());
        reminders = driver.createOutputTopic(TARGET, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        commands = driver.createOutputTopic("order.commands", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        brave.close();
    }

    @Test
    void aTimerFiresAtItsDueTimeNotBeforeWithItsKeyPayloadAndHeaders() {
        send(schedule("remind-1", START.plusSeconds(5)));
        ScheduleAccepted accepted = (ScheduleAccepted) onlyEvent();
        assertThat(accepted.getVersion()).isEqualTo(1);
        assertThat(accepted.getReplaced()).isFalse();
        assertThat(accepted.getDueAt()).isEqualTo(START.plusSeconds(5));

        advanceTo(START.plusSeconds(5).minusMillis(1));
        assertThat(reminders.isEmpty()).isTrue();

        advanceTo(START.plusSeconds(5).plus(TICK));
        TestRecord<byte[], byte[]> delivered = reminders.readRecord();
        assertThat(new String(delivered.key(), StandardCharsets.UTF_8)).isEqualTo("key-remind-1");
        assertThat(new String(delivered.value(), StandardCharsets.UTF_8)).isEqualTo("payload-remind-1");
        assertThat(header(delivered, "x-origin")).isEqualTo("test");
        assertThat(header(delivered, Timers.FIRE_ID_HEADER)).startsWith("remind-1:1/");
        assertThat(reminders.isEmpty()).isTrue();
        ScheduleFired fired = (ScheduleFired) onlyEvent();
        assertThat(fired.getScheduleId()).isEqualTo("remind-1");
        assertThat(fired.getLatenessMs()).isBetween(0L, TICK.toMillis());
        assertThat(fired.getFiredAt()).isAfterOrEqualTo(fired.getDueAt());
        assertThat(fired.getLate()).isFalse();
        assertThat(pending()).isZero();
    }

    @Test
    void aDelayCountsFromAcceptance() {
        ScheduleRequested request = schedule("delayed", null);
        request.setDelayMs(2_000L);
        send(request);
        assertThat(((ScheduleAccepted) onlyEvent()).getDueAt()).isEqualTo(START.plusMillis(2_000));
    }

    @Test
    void rescheduleReplacesThePendingTimerAtomically() {
        send(schedule("remind-2", START.plusSeconds(5)));
        send(schedule("remind-2", START.plusSeconds(9)));
        List<SpecificRecord> feedback = allEvents();
        assertThat(((ScheduleAccepted) feedback.get(1)).getVersion()).isEqualTo(2);
        assertThat(((ScheduleAccepted) feedback.get(1)).getReplaced()).isTrue();

        advanceTo(START.plusSeconds(8));
        assertThat(reminders.isEmpty()).as("the replaced due time never fires").isTrue();
        advanceTo(START.plusSeconds(9).plus(TICK));
        TestRecord<byte[], byte[]> delivered = reminders.readRecord();
        assertThat(header(delivered, Timers.FIRE_ID_HEADER)).startsWith("remind-2:2/");
        assertThat(reminders.isEmpty()).isTrue();
        assertThat(pending()).isZero();
    }

    @Test
    void aCancelledTimerNeverFiresAndASecondCancelFindsNothing() {
        send(schedule("remind-3", START.plusSeconds(3)));
        send(new ScheduleCancelRequested(UUID.randomUUID(), START, "remind-3"));
        send(new ScheduleCancelRequested(UUID.randomUUID(), START, "remind-3"));
        List<SpecificRecord> feedback = allEvents();
        assertThat(feedback).hasSize(3);
        assertThat(feedback.get(1)).isInstanceOf(ScheduleCancelled.class);
        assertThat(feedback.get(2)).isInstanceOf(ScheduleNotFound.class);
        advanceTo(START.plusSeconds(10));
        assertThat(reminders.isEmpty()).isTrue();
        assertThat(pending()).isZero();
    }

    @Test
    void anIdScheduledAgainAfterItFiredFiresWithANewFireId() {
        send(schedule("again", START.plusSeconds(1)));
        advanceTo(START.plusSeconds(1).plus(TICK));
        TestRecord<byte[], byte[]> first = reminders.readRecord();
        send(schedule("again", START.plusSeconds(3)));
        advanceTo(START.plusSeconds(3).plus(TICK));
        TestRecord<byte[], byte[]> second = reminders.readRecord();

        assertThat(header(first, Timers.SCHEDULE_VERSION_HEADER)).isEqualTo("1");
        assertThat(header(second, Timers.SCHEDULE_VERSION_HEADER)).as("the version restarts once a timer fired").isEqualTo("1");
        assertThat(header(second, Timers.FIRE_ID_HEADER)).startsWith("again:1/")
                .as("a consumer de-duplicating on the fire id keeps the second firing")
                .isNotEqualTo(header(first, Timers.FIRE_ID_HEADER));
        assertThat(reminders.isEmpty()).isTrue();
    }

    @Test
    void fireNowDeliversAPendingTimerAtOnceAndOnlyOnce() {
        send(schedule("remind-now", START.plusSeconds(3_600)));
        send(new ScheduleFireNowRequested(UUID.randomUUID(), START, "remind-now"));
        TestRecord<byte[], byte[]> delivered = reminders.readRecord();
        assertThat(new String(delivered.value(), StandardCharsets.UTF_8)).isEqualTo("payload-remind-now");
        assertThat(header(delivered, Timers.FIRE_ID_HEADER)).startsWith("remind-now:1/");
        List<SpecificRecord> feedback = allEvents();
        ScheduleFired fired = (ScheduleFired) feedback.get(1);
        assertThat(fired.getOnRequest()).isTrue();
        assertThat(fired.getFiredAt()).isEqualTo(START);
        assertThat(fired.getLatenessMs()).isZero();
        assertThat(pending()).isZero();

        send(new ScheduleFireNowRequested(UUID.randomUUID(), START, "remind-now"));
        assertThat(onlyEvent()).isInstanceOf(ScheduleNotFound.class);
        advanceTo(START.plusSeconds(3_601));
        assertThat(reminders.isEmpty()).as("the original due time no longer fires").isTrue();
    }

    @Test
    void aPastDueTimerFiresAtTheNextTickMarkedLate() {
        send(schedule("overdue", START.minusSeconds(30)));
        assertThat(((ScheduleAccepted) onlyEvent()).getDueAt()).isEqualTo(START.minusSeconds(30));
        advanceTo(START.plus(TICK));
        assertThat(reminders.readRecord()).isNotNull();
        ScheduleFired fired = (ScheduleFired) onlyEvent();
        assertThat(fired.getLate()).isTrue();
        assertThat(fired.getLatenessMs()).isGreaterThanOrEqualTo(30_000);
    }

    @Test
    void aTimerDueBeforeWhereTheDispatcherHasGotToStillFires() {
        advanceTo(START.plusSeconds(60)); // the dispatcher's scan now starts after START + 60 s
        send(schedule("behind", START.plusSeconds(5)));
        orders.pipeInput("HSO11", NamedAvro.serializer().serialize("", created("HSO11", START.plusSeconds(7))));
        allEvents();
        advance(TICK);
        assertThat(header(reminders.readRecord(), Timers.FIRE_ID_HEADER)).startsWith("behind:1/");
        assertThat(new String(commands.readRecord().key(), StandardCharsets.UTF_8)).isEqualTo("HSO11");
        assertThat(pending()).isZero();
    }

    @Test
    void timersFireInDueOrderAndNeverEarly() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            send(schedule("t-" + i, START.plusMillis(1 + random.nextInt(5_000))));
        }
        events.readValuesToList();
        for (Instant t = START; t.isBefore(START.plusSeconds(6)); t = t.plus(TICK)) {
            advance(TICK);
        }
        List<ScheduleFired> fired = allEvents().stream().map(ScheduleFired.class::cast).toList();
        assertThat(fired).hasSize(300);
        assertThat(fired).allSatisfy(f -> assertThat(f.getFiredAt()).isAfterOrEqualTo(f.getDueAt()));
        assertThat(fired).extracting(ScheduleFired::getDueAt).isSorted();
        assertThat(fired).allSatisfy(f -> assertThat(f.getLatenessMs()).isLessThanOrEqualTo(TICK.toMillis()));
    }

    @Test
    void aBurstFiresAtMostABatchPerTick() {
        for (int i = 0; i < 250; i++) {
            send(schedule("burst-" + i, START.plusSeconds(1)));
        }
        events.readValuesToList();
        advanceTo(START.plusSeconds(1));
        assertThat(reminders.getQueueSize()).isEqualTo(100);
        advance(TICK);
        advance(TICK);
        assertThat(reminders.getQueueSize()).isEqualTo(250);
    }

    @Test
    void invalidRequestsAreRejectedWithAReasonAndNeverBecomeTimers() {
        ScheduleRequested tooFar = schedule("far", START.plus(Duration.ofDays(8)));
        ScheduleRequested forbiddenTarget = schedule("forbidden", START.plusSeconds(1));
        forbiddenTarget.setTargetTopic("payment.events");
        ScheduleRequested oversize = schedule("big", START.plusSeconds(1));
        oversize.setPayload(ByteBuffer.wrap(new byte[1025]));
        ScheduleRequested both = schedule("both", START.plusSeconds(1));
        both.setDelayMs(5L);
        ScheduleRequested neither = schedule("neither", null);
        ScheduleRequested reserved = schedule("order-timeout:HSO1", START.plusSeconds(1));
        ScheduleRequested negative = schedule("negative", null);
        negative.setDelayMs(-1L);
        for (ScheduleRequested request : List.of(tooFar, forbiddenTarget, oversize, both, neither, reserved, negative)) {
            send(request);
        }
        requests.pipeInput("wrong-key", NamedAvro.serializer().serialize("", schedule("other-id", START.plusSeconds(1))));
        requests.pipeInput("garbage", new byte[] {1, 2, 3});
        requests.pipeInput("not-a-request", NamedAvro.serializer().serialize("", closed("HSO2")));

        List<String> reasons = allEvents().stream().map(e -> ((ScheduleRejected) e).getReason()).toList();
        assertThat(reasons).hasSize(10);
        assertThat(reasons.get(0)).contains("beyond the maximum delay");
        assertThat(reasons.get(1)).contains("not on the allow-list");
        assertThat(reasons.get(2)).contains("1025 bytes is above the limit of 1024");
        assertThat(reasons.get(3)).contains("exactly one of dueAt and delayMs");
        assertThat(reasons.get(4)).contains("exactly one of dueAt and delayMs");
        assertThat(reasons.get(5)).contains("reserved");
        assertThat(reasons.get(6)).contains("must not be negative");
        assertThat(reasons.get(7)).contains("record key must be the scheduleId");
        assertThat(reasons.get(8)).contains("undecodable");
        assertThat(reasons.get(9)).contains("not a scheduler request");
        assertThat(pending()).isZero();
        advanceTo(START.plus(Duration.ofDays(9)));
        assertThat(reminders.isEmpty()).isTrue();
    }

    @Test
    void anOversizeKeyOrTooManyHeadersAreRejectedAndNeverBecomeTimers() {
        ScheduleRequested bigKey = schedule("big-key", START.plusSeconds(1));
        bigKey.setKey(ByteBuffer.wrap(new byte[1025]));
        ScheduleRequested manyHeaders = schedule("many-headers", START.plusSeconds(1));
        Map<String, ByteBuffer> headers = new java.util.HashMap<>();
        for (int i = 0; i < 33; i++) {
            headers.put("h" + i, ByteBuffer.wrap(new byte[1]));
        }
        manyHeaders.setHeaders(headers);
        send(bigKey);
        send(manyHeaders);

        assertThat(allEvents()).extracting(e -> ((ScheduleRejected) e).getReason().toString())
                .satisfiesExactly(r -> assertThat(r).contains("key of 1025 bytes"), r -> assertThat(r).contains("33 headers"));
        assertThat(pending()).isZero();
    }

    @Test
    void theRequestsTopicCannotCancelOrForgeAnOrderTimeout() {
        Instant deadline = START.plusSeconds(30);
        orders.pipeInput("HSO8", NamedAvro.serializer().serialize("", created("HSO8", deadline)));
        assertThat(onlyEvent()).isInstanceOf(ScheduleAccepted.class);
        send(new ScheduleCancelRequested(UUID.randomUUID(), START, "order-timeout:HSO8"));
        ScheduleRequested forged = schedule("close-HSO9", START.plusSeconds(1));
        forged.setTargetTopic("order.commands");
        send(forged);

        assertThat(allEvents()).extracting(e -> ((ScheduleRejected) e).getReason().toString())
                .satisfiesExactly(r -> assertThat(r).contains("reserved for order timeouts"),
                        r -> assertThat(r).contains("'order.commands' is reserved"));
        advanceTo(START.plusSeconds(2));
        assertThat(commands.isEmpty()).as("the forged close is not delivered").isTrue();
        advanceTo(deadline.plus(TICK));
        assertThat(new String(commands.readRecord().key(), StandardCharsets.UTF_8)).as("not cancelled: closes at its deadline")
                .isEqualTo("HSO8");
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void anUnpaidOrderGetsACloseRequestAtItsPayDeadline() {
        Instant deadline = START.plusSeconds(30);
        orders.pipeInput("HSO7", NamedAvro.serializer().serialize("", created("HSO7", deadline)));
        ScheduleAccepted accepted = (ScheduleAccepted) onlyEvent();
        assertThat(accepted.getScheduleId()).isEqualTo("order-timeout:HSO7");
        assertThat(accepted.getTargetTopic()).isEqualTo("order.commands");

        advanceTo(deadline.minusMillis(1));
        assertThat(commands.isEmpty()).isTrue();
        advanceTo(deadline.plus(TICK));
        TestRecord<byte[], byte[]> record = commands.readRecord();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("HSO7");
        CloseOrderRequested command = (CloseOrderRequested) NamedAvro.deserializer().deserialize("", record.value());
        assertThat(command.getSn()).isEqualTo("HSO7");
        assertThat(command.getDeadline()).isEqualTo(deadline);
        assertThat(command.getRequestedAt()).isAfterOrEqualTo(deadline);
        assertThat(header(record, Timers.FIRE_ID_HEADER)).startsWith("order-timeout:HSO7:1/");
        assertThat(command.getEventId())
                .isEqualTo(UUID.nameUUIDFromBytes(header(record, Timers.FIRE_ID_HEADER).getBytes(StandardCharsets.UTF_8)));
        assertThat(header(record, Timers.EVENT_TYPE_HEADER)).isEqualTo("CloseOrderRequested");
        assertThat(header(record, Timers.EVENT_ID_HEADER)).isEqualTo(command.getEventId().toString());
    }

    @Test
    void aClosedOrderLosesItsTimer() {
        orders.pipeInput("HSO8", NamedAvro.serializer().serialize("", created("HSO8", START.plusSeconds(30))));
        orders.pipeInput("HSO8", NamedAvro.serializer().serialize("", closed("HSO8")));
        assertThat(allEvents().get(1)).isInstanceOf(ScheduleCancelled.class);
        advanceTo(START.plusSeconds(60));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(pending()).isZero();
    }

    @Test
    void aPaidOrderLosesItsTimer() {
        orders.pipeInput("HSO12", NamedAvro.serializer().serialize("", created("HSO12", START.plusSeconds(30))));
        orders.pipeInput("HSO12", NamedAvro.serializer().serialize("", new OrderPaid(UUID.randomUUID(), START, "HSO12", 7L,
                "PMT1", 100L, START, "WECHAT_PAY")));
        assertThat(allEvents().get(1)).isInstanceOf(ScheduleCancelled.class);
        advanceTo(START.plusSeconds(60));
        assertThat(commands.isEmpty()).isTrue();
        assertThat(pending()).isZero();
    }

    @Test
    void anUndecodableOrderEventGoesToItsDltAsItWasAndTheTaskGoesOn() {
        byte[] garbage = {0, 0, 0, 0, 9};
        orders.pipeInput(new TestRecord<>("HSO9", garbage, new RecordHeaders().add("eventType", utf8("OrderCreated")), START));
        orders.pipeInput("HSO10", NamedAvro.serializer().serialize("", created("HSO10", START.plusSeconds(1))));
        assertThat(onlyEvent()).isInstanceOf(ScheduleAccepted.class);
        advanceTo(START.plusSeconds(1).plus(TICK));
        assertThat(commands.getQueueSize()).isEqualTo(1);

        TestOutputTopic<String, byte[]> dlt = driver.createOutputTopic("order.events-dlt", new StringDeserializer(),
                new ByteArrayDeserializer());
        TestRecord<String, byte[]> dead = dlt.readRecord();
        assertThat(dead.key()).isEqualTo("HSO9");
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "eventType")).as("its own headers kept").isEqualTo("OrderCreated");
        assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("order.events");
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong()).isZero();
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt()).isZero();
        assertThat(header(dead, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo("scheduler-test");
        assertThat(header(dead, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("undecodable");
        assertThat(dlt.isEmpty()).isTrue();
    }

    @Test
    void anUndecodableRequestGoesToItsDltAndItsSenderHearsOfIt() {
        requests.pipeInput("garbage", new byte[] {1, 2, 3});
        assertThat(((ScheduleRejected) onlyEvent()).getReason()).contains("undecodable");
        TestOutputTopic<String, byte[]> dlt = driver.createOutputTopic("scheduler.requests-dlt", new StringDeserializer(),
                new ByteArrayDeserializer());
        assertThat(dlt.readRecord().value()).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void whileTheRegistryCannotBeAskedInputWaitsInOrderNothingIsDeadLetteredAndSetTimersStillFire() {
        orders.pipeInput("HSO30", NamedAvro.serializer().serialize("", created("HSO30", START.plusSeconds(2))));
        assertThat(onlyEvent()).isInstanceOf(ScheduleAccepted.class);

        registryAway.set(true);
        orders.pipeInput("HSO31", NamedAvro.serializer().serialize("", created("HSO31", START.plusSeconds(60))));
        orders.pipeInput("HSO31", NamedAvro.serializer().serialize("", closed("HSO31")));
        orders.pipeInput("HSO32", NamedAvro.serializer().serialize("", created("HSO32", START.plusSeconds(60))));
        advanceTo(START.plusSeconds(10));
        assertThat(commands.readRecord().key()).as("a timer set before the outage fires on time")
                .isEqualTo("HSO30".getBytes(StandardCharsets.UTF_8));
        assertThat(allEvents()).hasSize(1).allMatch(e -> e instanceof ScheduleFired);
        assertThat(pending()).as("nothing held was applied").isZero();
        assertThat(metrics.heldLongerThan(Duration.ofSeconds(5))).hasSize(1);
        TestOutputTopic<String, byte[]> dlt = driver.createOutputTopic("order.events-dlt", new StringDeserializer(),
                new ByteArrayDeserializer());
        assertThat(dlt.isEmpty()).isTrue();

        registryAway.set(false);
        advanceTo(START.plusSeconds(13)); // the back-off is capped at 2 s here
        List<SpecificRecord> feedback = allEvents();
        assertThat(feedback).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ScheduleAccepted", "ScheduleCancelled", "ScheduleAccepted");
        assertThat(((ScheduleAccepted) feedback.get(2)).getScheduleId()).isEqualTo("order-timeout:HSO32");
        assertThat(pending()).isEqualTo(1);
        assertThat(metrics.heldLongerThan(Duration.ZERO)).isEmpty();

        orders.pipeInput("HSO33", NamedAvro.serializer().serialize("", created("HSO33", START.plusSeconds(60))));
        assertThat(onlyEvent()).as("after the outage input is applied at once again").isInstanceOf(ScheduleAccepted.class);
    }

    /**
     * OrderCreated's trace goes on through the scheduler: a span when the timer is set (child of the event's), one when
     * it fires (child of that), and the close command and the feedback carry the scheduler's span, not the event's.
     */
    @Test
    void aCloseContinuesTheTraceOfTheOrderThatSetItsTimerThroughTheSchedulersOwnSpans() {
        String traceId = "6b0b0b4bc7119c052565d048eee581f0";
        String orderSpan = "2565d048eee581f0";
        orders.pipeInput(new TestRecord<>("HSO40", NamedAvro.serializer().serialize("", created("HSO40", START.plusSeconds(1))),
                new RecordHeaders().add(Timers.TRACEPARENT_HEADER, utf8("00-" + traceId + "-" + orderSpan + "-01")), START));
        advanceTo(START.plusSeconds(1).plus(TICK));

        assertThat(spans).extracting(MutableSpan::name).containsExactly("schedule order.events", "fire order.commands");
        MutableSpan set = spans.get(0);
        MutableSpan fire = spans.get(1);
        assertThat(spans).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));
        assertThat(set.parentId()).isEqualTo(orderSpan);
        assertThat(fire.parentId()).isEqualTo(set.id());
        assertThat(fire.tag("looklook.schedule.id")).isEqualTo(ScheduleRules.orderTimeoutId("HSO40"));
        String fired = "00-" + traceId + "-" + fire.id() + "-01";
        assertThat(header(commands.readRecord(), Timers.TRACEPARENT_HEADER)).as("CloseOrderRequested").isEqualTo(fired);
        List<TestRecord<String, byte[]>> feedback = events.readRecordsToList();
        assertThat(header(feedback.get(0), Timers.TRACEPARENT_HEADER)).as("ScheduleAccepted")
                .isEqualTo("00-" + traceId + "-" + set.id() + "-01");
        assertThat(header(feedback.get(1), Timers.TRACEPARENT_HEADER)).as("ScheduleFired").isEqualTo(fired);
    }

    @Test
    void aRecordWithoutATraceGetsNoSpansAndNoTraceparent() {
        send(schedule("plain", START.plusSeconds(1)));
        advanceTo(START.plusSeconds(1).plus(TICK));
        assertThat(reminders.readRecord().getHeaders().lastHeader(Timers.TRACEPARENT_HEADER)).isNull();
        assertThat(spans).isEmpty();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ScheduleRequested schedule(String id, Instant due) {
        return ScheduleRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(START).setScheduleId(id)
                .setDueAt(due).setDelayMs(null).setTargetTopic(TARGET)
                .setKey(ByteBuffer.wrap(("key-" + id).getBytes(StandardCharsets.UTF_8)))
                .setHeaders(Map.of("x-origin", ByteBuffer.wrap("test".getBytes(StandardCharsets.UTF_8))))
                .setPayload(ByteBuffer.wrap(("payload-" + id).getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static OrderCreated created(String sn, Instant deadline) {
        return OrderCreated.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(START).setSn(sn).setUserId(7)
                .setHomestayId(1).setHomestayVersion(1).setTitle("t").setHomestayBusinessId(1).setHomestayUserId(2)
                .setRowType(0).setLiveStartDate(LocalDate.of(2026, 12, 1)).setLiveEndDate(LocalDate.of(2026, 12, 2))
                .setNights(1).setLivePeopleNum(1).setNeedFood(false).setHomestayPrice(100).setFoodPrice(0)
                .setMarketHomestayPrice(100).setHomestayTotalPrice(100).setFoodTotalPrice(0).setOrderTotalPrice(100)
                .setTradeState(0).setPayDeadline(deadline).build();
    }

    private static OrderClosed closed(String sn) {
        return new OrderClosed(UUID.randomUUID(), START, sn, 7L, CloseReason.TIMEOUT);
    }

    private void send(SpecificRecord request) {
        String key = String.valueOf(request.get(request.getSchema().getField("scheduleId").pos()));
        requests.pipeInput(key, NamedAvro.serializer().serialize("", request));
    }

    /** The driver's wall clock (it starts at START and moves only when a test moves it). */
    private Instant now = START;

    private void advanceTo(Instant t) {
        if (t.isAfter(now)) {
            advance(Duration.between(now, t));
        }
    }

    private void advance(Duration step) {
        driver.advanceWallClockTime(step);
        now = now.plus(step);
    }

    private SpecificRecord onlyEvent() {
        List<SpecificRecord> all = allEvents();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private List<SpecificRecord> allEvents() {
        List<SpecificRecord> decoded = new ArrayList<>();
        for (byte[] value : events.readValuesToList()) {
            decoded.add((SpecificRecord) NamedAvro.deserializer().deserialize("", value));
        }
        return decoded;
    }

    private long pending() {
        KeyValueStore<String, ScheduledTimer> byId = driver.getKeyValueStore(SchedulerTopology.BY_ID);
        KeyValueStore<Object, Object> byTime = driver.getKeyValueStore(SchedulerTopology.BY_TIME);
        long ids = count(byId);
        assertThat(count(byTime)).as("by-time mirrors by-id").isEqualTo(ids);
        return ids;
    }

    private static long count(KeyValueStore<?, ?> store) {
        long n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

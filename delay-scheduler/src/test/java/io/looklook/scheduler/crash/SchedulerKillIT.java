package io.looklook.scheduler.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.scheduler.ScheduleRequested;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as a real process with 100,000 pending timers (some already overdue), killed with SIGKILL while
 * timers are firing, then restarted: every timer fires, none before its due time, and a read_committed consumer
 * sees each exactly once.
 */
class SchedulerKillIT {

    private static final int TIMERS = 100_000;
    private static final String TARGET = "it.crash-target";
    private static final String APP_ID = "crash-test-scheduler";
    /** Its own request and feedback topics: 100,000 requests must not reach the other tests' scheduler. */
    private static final String REQUESTS = "crash.scheduler.requests";
    private static final String EVENTS = "crash.scheduler.events";

    @Test
    void everyTimerFiresExactlyOnceAndNeverEarlyAcrossAKill9() throws Exception {
        TestInfra infra = TestInfra.get();
        createTopics(infra);
        Path state = Files.createTempDirectory("scheduler-kill");
        String[] args = {"--looklook.scheduler.state-dir=" + state, "--looklook.scheduler.allowed-targets=" + TARGET,
                "--looklook.scheduler.application-id=" + APP_ID, "--looklook.scheduler.requests-topic=" + REQUESTS,
                "--looklook.scheduler.events-topic=" + EVENTS};

        ServiceProcess first = ServiceProcess.start("delay-scheduler", "scheduler-kill-first", "unused", args);
        Map<String, Long> dueById;
        try {
            Instant start = Instant.now();
            dueById = produceTimers(infra, start);
            awaitAccepted(infra);
            // kill inside the firing window (dues run from +30 s to +150 s): some timers fired, most pending,
            // transactions open
            Instant killAt = Instant.now().plusSeconds(10).isAfter(start.plusSeconds(45))
                    ? Instant.now().plusSeconds(10) : start.plusSeconds(45);
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Instant.now().isAfter(killAt));
        } finally {
            first.kill();
        }
        long restartedAt = System.currentTimeMillis();
        try (ServiceProcess second = ServiceProcess.start("delay-scheduler", "scheduler-kill-second", "unused", args)) {
            Result result = consumeAll(infra, dueById, restartedAt);
            System.out.printf("kill -9 with %d timers: %d delivered before the kill, first delivery %d ms after the restart "
                            + "began, all %d delivered %d ms after it%n", TIMERS, result.beforeRestart(),
                    result.firstAfterRestartMs(), TIMERS, result.lastAfterRestartMs());
            assertThat(result.duplicates()).as("records seen twice").isZero();
            assertThat(result.early()).as("records delivered before their due time").isZero();
            assertThat(result.distinct()).isEqualTo(TIMERS);
        }
    }

    record Result(long distinct, long duplicates, long early, long beforeRestart, long firstAfterRestartMs, long lastAfterRestartMs) {
    }

    private static Map<String, Long> produceTimers(TestInfra infra, Instant start) throws Exception {
        Serializer<Object> avro = AvroSerdes.valueSerializer(infra.registryUrl());
        Random random = new Random(42);
        Map<String, Long> dueById = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < TIMERS; i++) {
                String id = "crash-" + i;
                // 5 % already overdue; the rest due between 30 s and 150 s from now
                long due = i % 20 == 0 ? start.toEpochMilli() - random.nextInt(60_000)
                        : start.toEpochMilli() + 30_000 + random.nextInt(120_000);
                dueById.put(id, due);
                ScheduleRequested request = ScheduleRequested.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now()).setScheduleId(id).setDueAt(Instant.ofEpochMilli(due)).setDelayMs(null)
                        .setTargetTopic(TARGET).setKey(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)))
                        .setHeaders(Map.of()).setPayload(ByteBuffer.wrap(Long.toString(due).getBytes(StandardCharsets.UTF_8)))
                        .build();
                producer.send(new ProducerRecord<>(REQUESTS, id, avro.serialize(REQUESTS, request)));
            }
            producer.flush();
        }
        return dueById;
    }

    /** The scheduler has consumed (and committed) every request. */
    private static void awaitAccepted(TestInfra infra) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APP_ID)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < 6; p++) {
                    latest.put(new TopicPartition(REQUESTS, p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
            });
        }
    }

    private static Result consumeAll(TestInfra infra, Map<String, Long> dueById, long restartedAt) {
        Map<String, Integer> seen = new HashMap<>();
        AtomicLong early = new AtomicLong();
        AtomicLong beforeRestart = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TARGET));
            Awaitility.await().atMost(Duration.ofMinutes(4)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String id = new String(r.key(), StandardCharsets.UTF_8);
                    seen.merge(id, 1, Integer::sum);
                    if (r.timestamp() < dueById.get(id)) {
                        early.incrementAndGet();
                    }
                    if (r.timestamp() < restartedAt) {
                        beforeRestart.incrementAndGet();
                    } else {
                        first.accumulateAndGet(r.timestamp() - restartedAt, Math::min);
                        last.accumulateAndGet(r.timestamp() - restartedAt, Math::max);
                    }
                }
                return seen.size() == TIMERS;
            });
            // anything delivered twice would be right behind: read on briefly
            long until = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            }
        }
        long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
        return new Result(seen.size(), duplicates, early.get(), beforeRestart.get(), first.get(), last.get());
    }

    private static void createTopics(TestInfra infra) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            // as many partitions as order.events: the scheduler's two inputs must be co-partitioned
            admin.createTopics(List.of(new NewTopic(TARGET, 6, (short) 1), new NewTopic(REQUESTS, 6, (short) 1),
                    new NewTopic(EVENTS, 6, (short) 1))).all().get();
        }
    }
}

package io.looklook.scheduler.crash;

import io.looklook.scheduler.ScheduleRequested;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

/**
 * Timer traffic for the tests that run the scheduler as real processes: its own application id and request,
 * feedback and target topics (so it never meets another test's scheduler), timers whose payload is their due time,
 * and a read_committed check that every timer was delivered once and not early.
 */
final class TimerTraffic {

    record Result(long distinct, long duplicates, long early, long deliveredBefore, long firstAfterMs,
                  long lastAfterMs) {
    }

    private static final int PARTITIONS = 6; // as many as order.events: the scheduler's inputs are co-partitioned

    private final TestInfra infra = TestInfra.get();
    private final String appId;
    private final String requests;
    private final String events;
    private final String target;

    TimerTraffic(String name) {
        this.appId = name + "-scheduler";
        this.requests = name + ".scheduler.requests";
        this.events = name + ".scheduler.events";
        this.target = name + ".target";
    }

    void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(target, PARTITIONS, (short) 1), new NewTopic(requests, PARTITIONS, (short) 1),
                    new NewTopic(events, PARTITIONS, (short) 1))).all().get();
        }
    }

    /** Arguments for a scheduler process working on this traffic, with its own state directory. */
    String[] schedulerArgs(Path stateDir) {
        return new String[] {"--looklook.scheduler.state-dir=" + stateDir, "--looklook.scheduler.allowed-targets=" + target,
                "--looklook.scheduler.application-id=" + appId, "--looklook.scheduler.requests-topic=" + requests,
                "--looklook.scheduler.events-topic=" + events};
    }

    /**
     * Sends {@code count} timers: one in twenty already up to a minute overdue, the others due at random between
     * {@code from} and {@code from + window} after {@code start}. Returns each id's due time.
     */
    Map<String, Long> produce(int count, Instant start, Duration from, Duration window) {
        Serializer<Object> avro = AvroSerdes.valueSerializer(infra.registryUrl());
        Random random = new Random(42);
        Map<String, Long> dueById = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String id = appId + "-" + i;
                long due = i % 20 == 0 ? start.toEpochMilli() - random.nextInt(60_000)
                        : start.toEpochMilli() + from.toMillis() + random.nextInt((int) window.toMillis());
                dueById.put(id, due);
                ScheduleRequested request = ScheduleRequested.newBuilder().setEventId(UUID.randomUUID())
                        .setOccurredAt(Instant.now()).setScheduleId(id).setDueAt(Instant.ofEpochMilli(due)).setDelayMs(null)
                        .setTargetTopic(target).setKey(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)))
                        .setHeaders(Map.of()).setPayload(ByteBuffer.wrap(Long.toString(due).getBytes(StandardCharsets.UTF_8)))
                        .build();
                producer.send(new ProducerRecord<>(requests, id, avro.serialize(requests, request)));
            }
            producer.flush();
        }
        return dueById;
    }

    /** The scheduler has consumed (and committed) every request. */
    void awaitAccepted(Duration atMost) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    latest.put(new TopicPartition(requests, p), OffsetSpec.latest());
                }
                return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset());
            });
        }
    }

    /**
     * Reads the target topic as a read_committed consumer until every timer arrived (and a little longer, to catch
     * a late duplicate), counting duplicates, deliveries before their due time and deliveries before {@code since}.
     */
    Result consumeAll(Map<String, Long> dueById, long since, Duration atMost) {
        Map<String, Integer> seen = new HashMap<>();
        AtomicLong early = new AtomicLong();
        AtomicLong before = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(target));
            Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String id = new String(r.key(), StandardCharsets.UTF_8);
                    seen.merge(id, 1, Integer::sum);
                    if (r.timestamp() < dueById.get(id)) {
                        early.incrementAndGet();
                    }
                    if (r.timestamp() < since) {
                        before.incrementAndGet();
                    } else {
                        first.accumulateAndGet(r.timestamp() - since, Math::min);
                        last.accumulateAndGet(r.timestamp() - since, Math::max);
                    }
                }
                return seen.size() == dueById.size();
            });
            long until = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum));
            }
        }
        long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
        return new Result(seen.size(), duplicates, early.get(), before.get(), first.get(), last.get());
    }
}

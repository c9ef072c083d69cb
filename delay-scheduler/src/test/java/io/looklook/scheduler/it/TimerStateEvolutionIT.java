package io.looklook.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.infra.TopicDeclaration;
import io.looklook.infra.TopicProvisioner;
import io.looklook.schemas.AvroSerdes;
import io.looklook.schemas.SchemaHistory;
import io.looklook.scheduler.adapter.kafka.RestoreProgress;
import io.looklook.scheduler.adapter.kafka.SchedulerMetrics;
import io.looklook.scheduler.adapter.kafka.SchedulerSettings;
import io.looklook.scheduler.adapter.kafka.SchedulerTopology;
import io.looklook.scheduler.config.SchedulerProperties;
import io.looklook.scheduler.config.SchedulerStreams;
import io.looklook.scheduler.domain.ScheduleRules;
import io.looklook.scheduler.domain.TimeKey;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.testsupport.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The scheduler reads every past version of its own state. Timers are written to the by-id store's changelog with the
 * first version of ScheduledTimer (as the scheduler of before the schema changed wrote them); a scheduler with an
 * empty state folder, built with today's schema, restores them from the changelog and fires them on time.
 */
class TimerStateEvolutionIT {

    private static final String TIMER = ScheduledTimer.getClassSchema().getFullName();

    @Test
    void timersWrittenWithTheFirstSchemaAreRestoredAndFiredByToday() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String app = "evolution-" + run;
        String requests = "evolution." + run + ".requests";
        String orders = "evolution." + run + ".orders";
        String target = "evolution." + run + ".target";
        TopicProvisioner.provision(TestInfra.get().bootstrapServers(), List.of(
                new TopicDeclaration(requests, 1, "delete", false), new TopicDeclaration(orders, 1, "delete", false),
                new TopicDeclaration("evolution." + run + ".events", 1, "delete", false),
                new TopicDeclaration(target, 1, "delete", false)), (short) 1);
        Path state = TestInfra.scratchDirectory("evolution-state");

        // the scheduler ran once (its changelog topics exist), then stopped
        SchedulerStreams first = scheduler(app, state, requests, orders, run, target);
        first.start();
        awaitRunning(first);
        first.stop();

        List<Schema> versions = SchemaHistory.versions(TIMER);
        Schema v1 = versions.get(0);
        assertThat(versions.get(versions.size() - 1)).as("the schema has changed since v1").isNotEqualTo(v1);
        Instant due = Instant.now().plusSeconds(3);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                String id = "evo-" + i;
                producer.send(new ProducerRecord<>(app + "-" + SchedulerTopology.BY_ID + "-changelog", 0,
                        id.getBytes(StandardCharsets.UTF_8), v1Timer(v1, id, due.plusMillis(i), target))).get();
                producer.send(new ProducerRecord<>(app + "-" + SchedulerTopology.BY_TIME + "-changelog", 0,
                        TimeKey.of(due.plusMillis(i).toEpochMilli(), id), new byte[0])).get();
            }
        }

        FileSystemUtils.deleteRecursively(state); // a new instance: everything comes from the changelogs
        SchedulerStreams today = scheduler(app, state, requests, orders, run, target);
        today.start();
        try {
            List<ConsumerRecord<byte[], byte[]>> fired = awaitDeliveries(target, 3);
            assertThat(fired).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("payload-evo-0", "payload-evo-1", "payload-evo-2");
            assertThat(fired).allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(due.toEpochMilli()));
            assertThat(new String(fired.get(0).headers().lastHeader("looklook-fire-id").value(), StandardCharsets.UTF_8))
                    .endsWith(":1");
        } finally {
            today.stop();
        }
    }

    private static byte[] v1Timer(Schema v1, String id, Instant due, String target) throws Exception {
        GenericRecord timer = new GenericData.Record(v1);
        timer.put("scheduleId", id);
        timer.put("version", 1L);
        timer.put("dueAt", due.toEpochMilli());
        timer.put("acceptedAt", Instant.now().toEpochMilli());
        timer.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "DELIVER"));
        timer.put("targetTopic", target);
        timer.put("key", ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)));
        timer.put("headers", new HashMap<String, ByteBuffer>());
        timer.put("payload", ByteBuffer.wrap(("payload-" + id).getBytes(StandardCharsets.UTF_8)));
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(timer);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static SchedulerStreams scheduler(String app, Path state, String requests, String orders, String run, String target) {
        SchedulerProperties props = new SchedulerProperties(app, state.toString(), Duration.ofMillis(10), 1000,
                Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofDays(30), 65536, 200, Set.of(target), 1, 0, 10_000,
                1, null, Duration.ofSeconds(5), Duration.ofSeconds(60), null, null, true);
        SchedulerSettings settings = new SchedulerSettings(props.tick(), props.firesPerTick(), props.lateAfter(),
                new ScheduleRules(props.allowedTargets(), props.maxDelay(), props.maxPayloadBytes(), props.maxIdLength(), "order.commands"),
                requests, "evolution." + run + ".events", orders, "evolution." + run + ".commands", props.retryMaxInterval());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new SchedulerStreams(props, settings, java.util.Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()),
                new io.looklook.scheduler.config.RegistryClientProperties(TestInfra.get().registryUrl(), null),
                "127.0.0.1:1", new SchedulerMetrics(meters), new RestoreProgress(meters),
                AvroSerdes.valueSerializer(TestInfra.get().registryUrl()), io.looklook.scheduler.adapter.kafka.TimerTracing.NONE);
    }

    private static void awaitRunning(SchedulerStreams streams) {
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> streams.streams().state() == KafkaStreams.State.RUNNING);
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitDeliveries(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "evolution-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.size() >= count;
            });
        }
        return seen;
    }
}

package io.looklook.scheduler.bench;

import io.looklook.scheduler.ScheduleRequested;
import io.looklook.schemas.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces N timer requests to the local stack and prints how fast the scheduler accepts them (consumer lag on
 * scheduler.requests every 2 s). Run: {@code infra/stack up}, then
 * {@code ./mvnw -pl delay-scheduler org.codehaus.mojo:exec-maven-plugin:3.7.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.looklook.scheduler.bench.AcceptLoad -Dexec.args=30000}. The timers are due in an hour and
 * target {@code bench.reminders} (the third argument): allow-list it on the scheduler
 * ({@code --looklook.scheduler.allowed-targets=bench.reminders}); run it on a scratch stack.
 */
public final class AcceptLoad {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "50000");
        String group = args.length > 1 ? args[1] : "looklook-delay-scheduler";
        String target = args.length > 2 ? args[2] : "bench.reminders";
        Serializer<Object> avro = AvroSerdes.valueSerializer("http://127.0.0.1:8085");
        long start = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                String id = "load-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>("scheduler.requests", id, avro.serialize("scheduler.requests",
                        ScheduleRequested.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now()).setScheduleId(id)
                                .setDueAt(Instant.ofEpochMilli(start + 3_600_000)).setDelayMs(null).setTargetTopic(target)
                                .setKey(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8))).setHeaders(Map.of())
                                .setPayload(ByteBuffer.wrap(new byte[100])).build())));
            }
        }
        System.out.printf("produced %d in %d ms%n", n, System.currentTimeMillis() - start);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:9092"))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                latest.put(new TopicPartition("scheduler.requests", p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            while (true) {
                long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                        .filter(e -> e.getKey().topic().equals("scheduler.requests")).mapToLong(e -> e.getValue().offset()).sum();
                long lag = end - committed;
                System.out.printf("%6.1f s  lag %d%n", (System.currentTimeMillis() - start) / 1000.0, lag);
                if (lag <= 0) {
                    break;
                }
                Thread.sleep(2000); // a load program printing progress, not a test waiting for an effect
            }
        }
        System.out.printf("accepted %d in %d ms%n", n, System.currentTimeMillis() - start);
    }
}

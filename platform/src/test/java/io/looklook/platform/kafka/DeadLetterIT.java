package io.looklook.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.Events;
import io.looklook.platform.KafkaTestClients;
import io.looklook.platform.PlatformIT;
import io.looklook.platform.PlatformTestTopics;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import io.looklook.travel.HomestaySnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A poison record goes at once to {@code <topic>-dlt} with its origin and exception in headers, a WARN line names it
 * and a counter an alert can watch goes up; the partition moves on.
 */
class DeadLetterIT extends PlatformIT {

    @Autowired
    MeterRegistry meters;

    @Test
    void poisonRecordsGoToTheDltAndTheRecordsAfterThemAreStillProcessed() throws Exception {
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        ((Logger) LoggerFactory.getLogger(ConsumerRetries.class)).addAppender(warnings);
        String topic = PlatformTestTopics.POISON;
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        Serializer<SpecificRecord> avro = AvroSerdes.valueSerializer(TestInfra.get().registryUrl());
        HomestaySnapshot poison = Events.snapshot(1, "poison");
        HomestaySnapshot good = Events.snapshot(2, "good after the poison");

        byte[] poisonBytes = avro.serialize(topic, poison);
        byte[] truncated = java.util.Arrays.copyOf(poisonBytes, poisonBytes.length / 2);

        long garbageOffset;
        long poisonOffset;
        long truncatedOffset;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            garbageOffset = send(producer, new ProducerRecord<>(topic, "g", garbage)).offset();
            poisonOffset = send(producer, new ProducerRecord<>(topic, "p", poisonBytes)).offset();
            truncatedOffset = send(producer, new ProducerRecord<>(topic, "t", truncated)).offset();
            send(producer, new ProducerRecord<>(topic, "e", new byte[0]));
            send(producer, new ProducerRecord<>(topic, "ok", avro.serialize(topic, good)));
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT COUNT(*) AS n FROM applied_effect WHERE event_id = :id", good.getEventId().toString()) == 1);

        try (KafkaConsumer<String, byte[]> dlt = KafkaTestClients.rawConsumer(TestInfra.get().bootstrapServers(),
                topic + KafkaDefaultsAutoConfiguration.DLT_SUFFIX)) {
            List<ConsumerRecord<String, byte[]>> dead = KafkaTestClients.awaitRecords(dlt, 4);
            ConsumerRecord<String, byte[]> undecodable = find(dead, "g");
            assertThat(undecodable.value()).as("original bytes kept").isEqualTo(garbage);
            assertThat(text(undecodable, "kafka_dlt-original-topic")).isEqualTo(topic);
            assertThat(ByteBuffer.wrap(undecodable.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
                    .isEqualTo(garbageOffset);
            assertThat(ByteBuffer.wrap(undecodable.headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
                    .isZero();
            assertThat(text(undecodable, "kafka_dlt-exception-fqcn")).contains("DeserializationException");

            ConsumerRecord<String, byte[]> rejected = find(dead, "p");
            assertThat(ByteBuffer.wrap(rejected.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
                    .isEqualTo(poisonOffset);
            assertThat(text(rejected, "kafka_dlt-exception-cause-fqcn")).isEqualTo(PoisonEventException.class.getName());
            assertThat(text(rejected, "kafka_dlt-exception-message")).contains("can never be applied");
            assertThat(find(dead, "t").value()).as("truncated Avro kept as it was").isEqualTo(truncated);
            assertThat(find(dead, "e").value()).isEmpty();
            // the good record after them was processed, so every dead letter of theirs is written: exactly four
            org.apache.kafka.common.TopicPartition dltPartition =
                    new org.apache.kafka.common.TopicPartition(topic + KafkaDefaultsAutoConfiguration.DLT_SUFFIX, 0);
            assertThat(dlt.endOffsets(List.of(dltPartition)).get(dltPartition)).as("only the poison records").isEqualTo(4L);
        }
        assertThat(meters.get("looklook.platform.kafka.dead.letters").tag("topic", topic).counter().count()).isEqualTo(4.0);
        List<String> lines = warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.startsWith("dead-lettered " + topic + "-0@" + garbageOffset + " (key g)"));
        assertThat(lines).anyMatch(line -> line.startsWith("dead-lettered " + topic + "-0@" + truncatedOffset + " (key t)"));
        assertThat(lines).as("dead-lettered at once, not after retries").noneMatch(line -> line.contains("failed on " + topic));
    }

    private static RecordMetadata send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record)
            throws Exception {
        return producer.send(record).get();
    }

    private static ConsumerRecord<String, byte[]> find(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static String text(ConsumerRecord<String, byte[]> record, String header) {
        Header h = record.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

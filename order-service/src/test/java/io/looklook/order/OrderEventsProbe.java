package io.looklook.order;

import io.looklook.testsupport.RegistryOnlyDecoder;
import io.looklook.testsupport.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads order.events from the start, decoding with the registry alone (as a downstream team would). */
public final class OrderEventsProbe {

    private OrderEventsProbe() {
    }

    /** Every decoded event on order.events right now that has a field {@code field} equal to {@code value}. */
    public static List<GenericRecord> eventsWhere(String field, Object value, Duration readFor) {
        RegistryOnlyDecoder decoder = new RegistryOnlyDecoder(TestInfra.get().registryUrl());
        List<GenericRecord> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "order-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("order.events"));
            long end = System.nanoTime() + readFor.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    GenericRecord event = decoder.decode(r.value());
                    boolean has = event.getSchema().getField(field) != null;
                    if (has && String.valueOf(value).equals(String.valueOf(event.get(field)))) {
                        found.add(event);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}

package io.looklook.testsupport;

import io.looklook.schemas.AvroSerdes;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Tests playing another service: events sent as it would, Avro through the registry, by one producer per test JVM. */
public final class TestEvents {

    private TestEvents() {
    }

    /** Sends {@code event} to {@code topic} keyed by {@code key} and waits for the broker's acknowledgement. */
    public static RecordMetadata send(String topic, String key, Object event) {
        try {
            return Producer.INSTANCE.send(new ProducerRecord<>(topic, key, Producer.AVRO.serialize(topic, event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + event.getClass().getSimpleName() + " to " + topic, e);
        }
    }

    /** Made on first use, after the broker started. */
    private static final class Producer {
        static final Serializer<Object> AVRO = AvroSerdes.valueSerializer(TestInfra.get().registryUrl());
        static final KafkaProducer<String, byte[]> INSTANCE = new KafkaProducer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }
}

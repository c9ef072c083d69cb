package io.looklook.scheduler.adapter.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * requests ──► RequestProcessor ─┬─► by-id / by-time (RocksDB, changelogged) ─► delivery-sink (target topics)
 * order.events ► OrderTimeout ───┘                                            └► feedback-sink (scheduler.events)
 *
 * <p>Both inputs have the same partition count, so partition p of each lands in the same task and shares its
 * stores. Values are decoded inside the processors (not by the source): an undecodable record goes to
 * {@code <topic>-dlt} (a request is also answered with {@code ScheduleRejected}), and a record that cannot be decoded
 * yet because the registry cannot be asked waits in its processor's parked store.
 */
public final class SchedulerTopology {

    public static final String BY_ID = "by-id";
    public static final String BY_TIME = "by-time";
    /** Per task: where the dispatcher's scan of {@link #BY_TIME} starts (see {@link Timers}). */
    static final String SCAN_FROM = "scan-from";
    /** Per input: records held while the registry could not be asked (see {@link Parking}). */
    static final String PARKED_REQUESTS = "parked-requests";
    static final String PARKED_ORDERS = "parked-orders";

    private SchedulerTopology() {
    }

    public static Topology build(SchedulerSettings settings, Deserializer<Object> decoder, Serializer<SpecificRecord> encoder,
                                 SchedulerMetrics metrics, TimerTracing tracing) {
        Topology topology = new Topology();
        topology.addSource("requests", new StringDeserializer(), Serdes.ByteArray().deserializer(), settings.requestsTopic());
        topology.addSource("orders", new StringDeserializer(), Serdes.ByteArray().deserializer(), settings.ordersTopic());
        topology.addProcessor("request-processor", () -> new RequestProcessor(settings, decoder, encoder, metrics, tracing), "requests");
        topology.addProcessor("order-timeouts", () -> new OrderTimeoutProcessor(settings, decoder, encoder, metrics, tracing), "orders");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BY_ID), Serdes.String(),
                StateSerde.timers()), "request-processor", "order-timeouts");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BY_TIME), Serdes.Bytes(),
                Serdes.ByteArray()), "request-processor", "order-timeouts");
        // per task, not logged: rebuilt (empty = scan from the start) whenever the task is initialised
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SCAN_FROM), Serdes.String(),
                Serdes.Long()).withLoggingDisabled(), "request-processor", "order-timeouts");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARKED_REQUESTS), Serdes.Long(),
                StateSerde.parked()), "request-processor");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARKED_ORDERS), Serdes.Long(),
                StateSerde.parked()), "order-timeouts");
        Serializer<Delivery> payloadOnly = (topic, delivery) -> delivery.payload();
        topology.addSink(Timers.DELIVERIES, (key, delivery, recordContext) -> ((Delivery) delivery).topic(),
                new ByteArraySerializer(), payloadOnly, "request-processor", "order-timeouts");
        topology.addSink(Timers.FEEDBACK, settings.eventsTopic(), new StringSerializer(), encoder,
                "request-processor", "order-timeouts");
        Serializer<DeadLetters.DeadLetter> original = (topic, letter) -> letter.value();
        StreamPartitioner<String, DeadLetters.DeadLetter> samePartition =
                (topic, key, letter, partitions) -> Optional.of(Set.of(letter.partition()));
        topology.addSink(DeadLetters.SINK, (key, letter, recordContext) -> ((DeadLetters.DeadLetter) letter).topic(),
                new StringSerializer(), original, samePartition, "request-processor", "order-timeouts");
        return topology;
    }
}

package io.looklook.testsupport;

import io.looklook.schemas.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records every committed event on some topics from the beginning, decoded through the registry, by key, as a
 * downstream consumer sees them: tests count what was published for an order (exactly one terminal event, one
 * refund...) instead of peeking into a service's tables. One background consumer; {@link #close} stops it.
 */
public final class TopicRecorder implements AutoCloseable {

    private final Map<String, List<Object>> byKey = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, Object> consumer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread poller;
    private final List<String> undecodable = new CopyOnWriteArrayList<>();

    private TopicRecorder(List<String> topics) {
        Deserializer<Object> values = AvroSerdes.valueDeserializer(TestInfra.get().registryUrl());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values);
        // assigned, not subscribed: a group would rejoin after a broker restart and, having committed nothing, read
        // everything again from the start (the fault suite restarts the broker)
        List<org.apache.kafka.common.TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = new Thread(this::poll, "topic-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    public static TopicRecorder of(String... topics) {
        return new TopicRecorder(List.of(topics));
    }

    private void poll() {
        try {
            while (!closed.get()) {
                try {
                    for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.key() != null && r.value() != null) {
                            byKey.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(r.value());
                        }
                    }
                } catch (RecordDeserializationException e) {
                    // one bad record must not stop the recording (and leave every later wait to time out): note it, skip it
                    undecodable.add(e.topicPartition() + "@" + e.offset() + ": " + e.getCause());
                    System.err.println("TopicRecorder skips an undecodable record at " + e.topicPartition() + "@" + e.offset() + ": " + e.getCause());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the poll
        } finally {
            consumer.close();
        }
    }

    /** The records seen so far that could not be decoded (topic-partition@offset: why); tests expect none. */
    public List<String> undecodable() {
        return List.copyOf(undecodable);
    }

    /** The types of the events recorded so far under {@code key}, in topic order: what a failure message shows. */
    public List<String> typesOf(String key) {
        return byKey.getOrDefault(key, List.of()).stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    /** The events recorded so far under {@code key}, in topic order, of {@code type}. */
    public <T> List<T> events(String key, Class<T> type) {
        return byKey.getOrDefault(key, List.of()).stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /**
     * How many distinct events of {@code type} (by their {@code eventId}) were recorded under {@code key}: the outbox
     * publishes at least once, so a crash may repeat a record, which consumers' inboxes then ignore.
     */
    public long count(String key, Class<?> type) {
        return byKey.getOrDefault(key, List.of()).stream().filter(type::isInstance)
                .map(e -> String.valueOf(((SpecificRecord) e).get(((SpecificRecord) e).getSchema().getField("eventId").pos())))
                .distinct().count();
    }


    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }
}

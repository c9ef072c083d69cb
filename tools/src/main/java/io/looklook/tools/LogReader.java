package io.looklook.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads a window of some partitions: from a start position up to an end position (exclusive), or on and on when
 * following. Uses an assigned consumer without a group, so reading changes nobody's offsets.
 */
final class LogReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;

    LogReader(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Every partition of {@code topic}, or a clear failure if there is no such topic. */
    List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new ToolFailure("no topic named '" + topic + "' (see: looklook topics)");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).sorted((a, b) -> a.partition() - b.partition()).toList();
    }

    /** The partition the default partitioner sends {@code key} to (murmur2 of its UTF-8 bytes), as every producer here does. */
    static int partitionOf(byte[] key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key)) % partitionCount;
    }

    /**
     * Hands each record from {@code from} until {@code to} (or forever with {@code to} null) to {@code sink}, which
     * answers whether to go on.
     */
    void read(Collection<TopicPartition> partitions, Position from, Position to, Predicate<ConsumerRecord<byte[], byte[]>> sink) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> start = from.resolve(consumer, partitions);
        Map<TopicPartition, Long> end = to == null ? null : new HashMap<>(to.resolve(consumer, partitions));
        List<TopicPartition> reading = new ArrayList<>();
        for (TopicPartition p : partitions) {
            if (end == null || start.get(p) < end.get(p)) {
                consumer.seek(p, start.get(p));
                reading.add(p);
            }
        }
        consumer.assign(reading);
        while (!reading.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition p = new TopicPartition(record.topic(), record.partition());
                if (end != null && record.offset() >= end.get(p)) {
                    continue;
                }
                if (!sink.test(record)) {
                    return;
                }
            }
            if (end != null) {
                // done with a partition once its position passed the end (transaction markers may sit on the last offsets)
                if (reading.removeIf(p -> consumer.position(p) >= end.get(p))) {
                    consumer.assign(reading);
                }
            }
        }
    }
}

package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.domain.ScheduleRules;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Which partition (so which task, so which instance) holds a timer. A generic timer lives where its request's key,
 * the schedule id, was produced; an order timeout where its order's events are, by sn. Both use the default
 * partitioner's murmur2 hash of the UTF-8 key.
 */
public final class ScheduleRouting implements StreamPartitioner<String, Object> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String scheduleId, Object value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(scheduleId, numPartitions)));
    }

    public static int partitionOf(String scheduleId, int numPartitions) {
        String routingKey = scheduleId.startsWith(ScheduleRules.ORDER_TIMEOUT_PREFIX)
                ? scheduleId.substring(ScheduleRules.ORDER_TIMEOUT_PREFIX.length()) : scheduleId;
        return Utils.toPositive(Utils.murmur2(routingKey.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }
}

package io.looklook.tools;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * A place in every partition of a topic, as the user writes it: {@code earliest}, {@code latest}, an ISO-8601 time
 * ({@code 2026-11-28T10:15:00Z}, or with an offset such as {@code +08:00}: the first record at or after it), or an
 * offset (the same offset in each partition, clamped to what the partition holds).
 */
public sealed interface Position {

    record Earliest() implements Position {
    }

    record Latest() implements Position {
    }

    record AtTime(Instant time) implements Position {
    }

    record AtOffset(long offset) implements Position {
    }

    /** picocli converter: a clear usage error for anything else. */
    static Position parse(String text) {
        String value = text.strip();
        if (value.equalsIgnoreCase("earliest")) {
            return new Earliest();
        }
        if (value.equalsIgnoreCase("latest")) {
            return new Latest();
        }
        if (value.matches("\\d+")) {
            return new AtOffset(Long.parseLong(value));
        }
        try {
            return new AtTime(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notATime) {
            throw new IllegalArgumentException("'" + text + "' is not earliest, latest, an ISO-8601 time (2026-11-28T10:15:00Z) "
                    + "or an offset");
        }
    }

    /** The offset this position names in each partition. */
    default Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> result = new HashMap<>();
        if (this instanceof AtTime at) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, at.time().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            partitions.forEach(p -> result.put(p, found.get(p) == null ? end.get(p) : found.get(p).offset()));
            return result;
        }
        for (TopicPartition p : partitions) {
            long offset;
            if (this instanceof AtOffset at) {
                offset = Math.max(begin.get(p), Math.min(at.offset(), end.get(p)));
            } else {
                offset = this instanceof Earliest ? begin.get(p) : end.get(p);
            }
            result.put(p, offset);
        }
        return result;
    }
}

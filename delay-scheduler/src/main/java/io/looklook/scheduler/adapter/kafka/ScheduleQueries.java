package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.domain.TimeKey;
import io.looklook.scheduler.state.ScheduledTimer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the pending timers through Kafka Streams interactive queries. A timer lives in exactly one task, so in
 * exactly one instance: {@link #owner} says which, and the caller asks that instance when it is not this one.
 */
public final class ScheduleQueries {

    private final KafkaStreams streams;
    private final HostInfo self;

    public ScheduleQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** The instance whose active task holds {@code scheduleId}, or empty if it is this one. */
    public Optional<HostInfo> owner(String scheduleId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(SchedulerTopology.BY_ID, scheduleId, new ScheduleRouting());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new IllegalStateException("the scheduler's stores are not available yet (restoring or rebalancing)");
        }
        return metadata.activeHost().equals(self) ? Optional.empty() : Optional.of(metadata.activeHost());
    }

    /** The pending timer {@code scheduleId}, if this instance owns it and it is pending. */
    public Optional<ScheduledTimer> getLocal(String scheduleId) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(SchedulerTopology.BY_ID, scheduleId, new ScheduleRouting());
        ReadOnlyKeyValueStore<String, ScheduledTimer> byId = streams.store(StoreQueryParameters
                .fromNameAndType(SchedulerTopology.BY_ID, QueryableStoreTypes.<String, ScheduledTimer>keyValueStore())
                .withPartition(metadata.partition()));
        return Optional.ofNullable(byId.get(scheduleId));
    }

    /**
     * Up to {@code limit} of this instance's timers due in [{@code from}, {@code to}), in due order, starting after
     * the timer ({@code afterDue}, {@code afterId}) when given.
     */
    public List<ScheduledTimer> listLocal(long from, long to, Long afterDue, String afterId, int limit) {
        byte[] low = afterDue == null ? TimeKey.after(from - 1) : TimeKey.of(afterDue, afterId);
        byte[] high = TimeKey.after(to - 1);
        List<ScheduledTimer> found = new ArrayList<>();
        for (int partition : localPartitions()) {
            ReadOnlyKeyValueStore<Bytes, byte[]> byTime = store(SchedulerTopology.BY_TIME, partition);
            ReadOnlyKeyValueStore<String, ScheduledTimer> byId = store(SchedulerTopology.BY_ID, partition);
            int taken = 0;
            try (KeyValueIterator<Bytes, byte[]> range = byTime.range(Bytes.wrap(low), Bytes.wrap(high))) {
                while (range.hasNext() && taken < limit) {
                    byte[] key = range.next().key.get();
                    String id = TimeKey.scheduleId(key);
                    if (afterDue != null && TimeKey.dueAt(key) == afterDue && id.equals(afterId)) {
                        continue; // the cursor itself
                    }
                    ScheduledTimer timer = byId.get(id);
                    if (timer != null) {
                        found.add(timer);
                        taken++;
                    }
                }
            }
        }
        found.sort(DUE_ORDER);
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    /** Every other instance of this application (to fan a list out to). */
    public List<HostInfo> otherInstances() {
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo).filter(h -> !h.equals(self))
                .distinct().toList();
    }

    public static final Comparator<ScheduledTimer> DUE_ORDER = Comparator
            .comparing((ScheduledTimer t) -> t.getDueAt().toEpochMilli()).thenComparing(ScheduledTimer::getScheduleId);

    private List<Integer> localPartitions() {
        return streams.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .map(TopicPartition::partition).distinct().sorted().toList();
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore())
                .withPartition(partition));
    }
}

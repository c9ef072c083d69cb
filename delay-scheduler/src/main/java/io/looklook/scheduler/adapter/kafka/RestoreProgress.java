package io.looklook.scheduler.adapter.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Restore progress of this instance's stores (after a crash, or when a task moves here): changelog records left to
 * replay, and records replayed so far. Readiness stays down until it is done; this says how far it has got.
 */
public class RestoreProgress implements StateRestoreListener {

    private final Map<TopicPartition, Long> remaining = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> endOffsets = new ConcurrentHashMap<>();
    private final Counter restored;

    public RestoreProgress(MeterRegistry registry) {
        Gauge.builder("looklook.scheduler.restore.remaining", remaining, m -> m.values().stream().mapToLong(Long::longValue).sum())
                .baseUnit("records")
                .description("changelog records still to replay before the restoring tasks may fire").register(registry);
        Gauge.builder("looklook.scheduler.restoring", remaining, Map::size).baseUnit("partitions")
                .description("changelog partitions being restored").register(registry);
        restored = Counter.builder("looklook.scheduler.restored").baseUnit("records").description("changelog records replayed into the stores")
                .register(registry);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        endOffsets.put(partition, endingOffset);
        remaining.put(partition, Math.max(0, endingOffset - startingOffset));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored.increment(numRestored);
        remaining.computeIfPresent(partition, (p, left) -> Math.max(0, endOffsets.getOrDefault(p, 0L) - batchEndOffset - 1));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        remaining.remove(partition);
        endOffsets.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        onRestoreEnd(partition, store, totalRestored); // the task moved away mid-restore: no longer ours to wait for
    }
}

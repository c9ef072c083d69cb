package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.ScheduleCancelRequested;
import io.looklook.scheduler.ScheduleFireNowRequested;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Requests the admin API sends the way any client does: on the scheduler's request topic, keyed by schedule id, in
 * the partition that holds the timer ({@link ScheduleRouting}: an order timeout lives with its order's events).
 */
public final class ScheduleRequests {

    private final Producer<String, Object> producer;
    private final String topic;

    public ScheduleRequests(Producer<String, Object> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Blocks while the topic's metadata is fetched: call off the event loop. */
    public CompletableFuture<Void> cancel(String scheduleId) {
        return send(scheduleId, new ScheduleCancelRequested(UUID.randomUUID(), Instant.now(), scheduleId));
    }

    /** Blocks while the topic's metadata is fetched: call off the event loop. */
    public CompletableFuture<Void> fireNow(String scheduleId) {
        return send(scheduleId, new ScheduleFireNowRequested(UUID.randomUUID(), Instant.now(), scheduleId));
    }

    private CompletableFuture<Void> send(String scheduleId, Object request) {
        int partition = ScheduleRouting.partitionOf(scheduleId, producer.partitionsFor(topic).size());
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, partition, scheduleId, request), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(null);
            }
        });
        return sent;
    }
}

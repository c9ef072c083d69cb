package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.ScheduleCancelRequested;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Requests the admin API sends the way any client does: on the scheduler's request topic, keyed by schedule id. */
public final class ScheduleRequests {

    private final Producer<String, Object> producer;
    private final String topic;

    public ScheduleRequests(Producer<String, Object> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    public CompletableFuture<Void> cancel(String scheduleId) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, scheduleId, new ScheduleCancelRequested(UUID.randomUUID(), Instant.now(), scheduleId)),
                (metadata, error) -> {
                    if (error != null) {
                        sent.completeExceptionally(error);
                    } else {
                        sent.complete(null);
                    }
                });
        return sent;
    }
}

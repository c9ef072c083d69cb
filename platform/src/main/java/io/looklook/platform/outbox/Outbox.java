package io.looklook.platform.outbox;

import io.looklook.platform.observability.TraceContext;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes an event to the outbox table inside the caller's R2DBC transaction; the {@link OutboxRelay} publishes it
 * after the commit. The event is encoded here (Confluent wire format, schema registered on first use) so the relay
 * only moves bytes, and a record's schema id is fixed at the moment the fact was recorded.
 */
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, traceparent) "
            + "VALUES (:eventId, :topic, :key, :type, :payload, :traceparent)";

    private final DatabaseClient db;
    private final Serializer<SpecificRecord> serializer;
    private final TraceContext trace;
    private final Runnable onCommit;

    public Outbox(DatabaseClient db, Serializer<SpecificRecord> serializer, TraceContext trace, Runnable onCommit) {
        this.db = db;
        this.serializer = serializer;
        this.trace = trace;
        this.onCommit = onCommit;
    }

    /** Appends {@code event} (which must have an {@code eventId} field) for {@code topic}, keyed by {@code key}. */
    public Mono<Void> append(String topic, String key, SpecificRecord event) {
        String eventId = String.valueOf(event.get(event.getSchema().getField("eventId").pos()));
        return Mono.fromCallable(() -> serializer.serialize(topic, event))
                .subscribeOn(Schedulers.boundedElastic()) // the first use of a schema registers it over HTTP
                .flatMap(bytes -> insert(eventId, topic, key, event.getSchema().getName(), bytes));
    }

    /** Appends a tombstone (null value): on a compacted topic, the key's removal. */
    public Mono<Void> appendTombstone(String topic, String key) {
        return insert(UUID.randomUUID().toString(), topic, key, "Tombstone", null);
    }

    private Mono<Void> insert(String eventId, String topic, String key, String type, byte[] payload) {
        return currentTraceparent().flatMap(traceparent -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql(INSERT)
                    .bind("eventId", eventId).bind("topic", topic).bind("key", key).bind("type", type)
                    .bind("traceparent", traceparent);
            spec = payload == null ? spec.bindNull("payload", byte[].class) : spec.bind("payload", payload);
            return spec.fetch().rowsUpdated().then(wakeRelayAfterCommit());
        });
    }

    /**
     * The span of the subscriber's Reactor context. {@code handle} restores the context's thread-locals for its
     * body only: the services run with Reactor's "limited" context propagation, because restoring every
     * thread-local on every signal ("auto") cost most of a request's CPU.
     */
    private Mono<String> currentTraceparent() {
        return Mono.just(TraceContext.TRACEPARENT).handle((ignored, sink) -> sink.next(trace.currentTraceparent()));
    }

    /** Wakes the relay once the caller's transaction commits (at once when there is no transaction). */
    private Mono<Void> wakeRelayAfterCommit() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .flatMap(tsm -> {
                    if (!tsm.isSynchronizationActive()) {
                        return Mono.<Void>error(new IllegalStateException("no synchronization"));
                    }
                    tsm.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public Mono<Void> afterCommit() {
                            return Mono.fromRunnable(onCommit);
                        }
                    });
                    return Mono.<Void>empty();
                })
                .onErrorResume(e -> Mono.fromRunnable(onCommit)); // not in a transaction: the row is already committed
    }
}

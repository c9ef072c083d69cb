package io.looklook.platform.inbox;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * De-duplicates consumed events: {@code (consumer, eventId)} is recorded in the same transaction as the effect,
 * so a redelivered event (at-least-once delivery, a republished outbox batch, a replay) changes nothing.
 */
public class Inbox {

    private static final String RECORD = "INSERT IGNORE INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId)";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public Inbox(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Runs {@code effect} in one transaction with the inbox record, unless {@code consumer} already processed
     * {@code eventId}. Emits true if the effect ran, false for a duplicate.
     */
    public Mono<Boolean> once(String consumer, String eventId, Mono<?> effect) {
        return once(consumer, eventId, effect.then(Mono.just(true)), false);
    }

    /** As {@link #once(String, String, Mono)}, emitting the effect's result, or {@code ifDuplicate}. */
    public <T> Mono<T> once(String consumer, String eventId, Mono<T> effect, T ifDuplicate) {
        Mono<T> work = db.sql(RECORD).bind("consumer", consumer).bind("eventId", eventId)
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? effect : Mono.just(ifDuplicate));
        return tx.transactional(work);
    }

    /** Whether {@code consumer} has processed {@code eventId} (diagnostics and tests). */
    public Mono<Boolean> seen(String consumer, String eventId) {
        return db.sql("SELECT 1 FROM processed_event WHERE consumer = :consumer AND event_id = :eventId")
                .bind("consumer", consumer).bind("eventId", eventId).map(row -> true).first().defaultIfEmpty(false);
    }
}

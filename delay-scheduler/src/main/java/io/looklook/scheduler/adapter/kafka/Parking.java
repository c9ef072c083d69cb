package io.looklook.scheduler.adapter.kafka;

import io.looklook.scheduler.state.ParkedHeader;
import io.looklook.scheduler.state.ParkedRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input records of one task's input partition that cannot be decoded yet because the schema registry cannot be
 * asked (down, failing, unreachable), kept in a changelogged store until they can be. While one is held, every later
 * record of that partition is held behind it, so a timer's requests keep their order; timers already set keep firing
 * meanwhile, and other tasks go on.
 *
 * <p>Why hold them in a store rather than abort the transaction and retry the batch: under exactly-once an aborted
 * task is closed dirty, and Kafka Streams then wipes its RocksDB state and restores it from the changelogs, a cost
 * that grows with every pending timer, paid again at each retry of an outage. Here the held record, the input offset
 * and the stores commit in one transaction: nothing is lost, skipped or dead-lettered, and a restart resumes with the
 * held records first.
 */
final class Parking {

    private static final Logger log = LoggerFactory.getLogger(Parking.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    /** Held records tried per punctuation: bounds one transaction when a long outage ends. */
    static final int RETRIES_PER_TURN = 1_000;

    /** Handles one record; returns why it must wait, or empty if it is done with (processed or dead-lettered). */
    @FunctionalInterface
    interface Handler {
        Optional<String> attempt(Origin origin, Record<String, byte[]> record);
    }

    private final KeyValueStore<Long, ParkedRecord> store;
    private final String task;
    private final String input;
    private final SchedulerMetrics metrics;
    private final Duration maxWait;
    private long nextSequence;
    private long heldSince = -1;
    private long nextAttemptAt;
    private Duration wait = FIRST_WAIT;
    private int attempts;

    Parking(KeyValueStore<Long, ParkedRecord> store, String task, String input, SchedulerMetrics metrics, Duration maxWait) {
        this.store = store;
        this.task = task;
        this.input = input;
        this.metrics = metrics;
        this.maxWait = maxWait;
        try (KeyValueIterator<Long, ParkedRecord> last = store.reverseAll()) {
            if (last.hasNext()) {
                nextSequence = last.next().key + 1;
            }
        }
        try (KeyValueIterator<Long, ParkedRecord> first = store.all()) {
            if (first.hasNext()) {
                heldSince = first.next().value.getParkedAt().toEpochMilli(); // held before a restart: retry at once
                metrics.held(task, input, heldSince);
            }
        }
    }

    boolean holding() {
        return heldSince >= 0;
    }

    /** Takes {@code record} through {@code handler}, or holds it behind those already held. */
    void offer(Origin origin, Record<String, byte[]> record, long now, Handler handler) {
        if (holding()) {
            hold(origin, record, now);
            return;
        }
        Optional<String> mustWait = handler.attempt(origin, record);
        if (mustWait.isPresent()) {
            hold(origin, record, now);
            heldSince = now;
            attempts = 1;
            wait = FIRST_WAIT;
            nextAttemptAt = now + wait.toMillis();
            metrics.held(task, input, heldSince);
            log.warn("task {} holds {}: {}; it and the records after it on this partition wait (next try in {} ms)",
                    task, origin, mustWait.get(), wait.toMillis());
        }
    }

    /** Tries the held records again, oldest first, once their back-off has passed; stops at the first that must wait. */
    void retry(long now, Handler handler) {
        if (!holding() || now < nextAttemptAt) {
            return;
        }
        List<KeyValue<Long, ParkedRecord>> batch = new ArrayList<>();
        try (KeyValueIterator<Long, ParkedRecord> held = store.all()) {
            while (held.hasNext() && batch.size() < RETRIES_PER_TURN) {
                batch.add(held.next());
            }
        }
        for (KeyValue<Long, ParkedRecord> entry : batch) {
            ParkedRecord parked = entry.value;
            Origin origin = new Origin(parked.getTopic(), parked.getPartition(), parked.getOffset());
            Optional<String> mustWait = handler.attempt(origin, toRecord(parked));
            if (mustWait.isPresent()) {
                attempts++;
                wait = wait.multipliedBy(2).compareTo(maxWait) > 0 ? maxWait : wait.multipliedBy(2);
                nextAttemptAt = now + wait.toMillis();
                log.warn("task {} still holds {} after {} attempts ({} s): {}; next try in {} ms", task, origin, attempts,
                        (now - heldSince) / 1000, mustWait.get(), wait.toMillis());
                return;
            }
            store.delete(entry.key);
        }
        if (batch.size() < RETRIES_PER_TURN) {
            log.info("task {} resumed {} after {} s: every held record went through", task, input, (now - heldSince) / 1000);
            heldSince = -1;
            attempts = 0;
            metrics.released(task, input);
        }
    }

    private void hold(Origin origin, Record<String, byte[]> record, long now) {
        List<ParkedHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new ParkedHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
        }
        store.put(nextSequence++, ParkedRecord.newBuilder().setTopic(origin.topic()).setPartition(origin.partition())
                .setOffset(origin.offset()).setTimestamp(record.timestamp()).setKey(record.key())
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value())).setHeaders(headers)
                .setParkedAt(Instant.ofEpochMilli(now)).build());
    }

    private static Record<String, byte[]> toRecord(ParkedRecord parked) {
        RecordHeaders headers = new RecordHeaders();
        for (ParkedHeader header : parked.getHeaders()) {
            headers.add(header.getKey(), Timers.bytes(header.getValue()));
        }
        return new Record<>(parked.getKey(), Timers.bytes(parked.getValue()), parked.getTimestamp(), headers);
    }
}

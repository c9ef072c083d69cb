package io.looklook.scheduler.adapter.kafka;

import io.looklook.order.CloseOrderRequested;
import io.looklook.scheduler.ScheduleAccepted;
import io.looklook.scheduler.ScheduleCancelled;
import io.looklook.scheduler.ScheduleFired;
import io.looklook.scheduler.ScheduleNotFound;
import io.looklook.scheduler.domain.TimeKey;
import io.looklook.scheduler.state.ScheduledTimer;
import io.looklook.scheduler.state.TimerKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pending timers of one task: {@code by-id} holds each timer, {@code by-time} orders them by due time. Every
 * change touches both stores and forwards its feedback in the same processing step, so under exactly-once they
 * commit (with their changelogs, the outputs and the input offsets) in one Kafka transaction.
 */
final class Timers {

    static final String FEEDBACK = "feedback-sink";
    static final String DELIVERIES = "delivery-sink";
    static final String SCHEDULE_ID_HEADER = "looklook-schedule-id";
    static final String SCHEDULE_VERSION_HEADER = "looklook-schedule-version";
    /** The same for every firing of one accepted timer version, different for every other: consumers de-duplicate on it. */
    static final String FIRE_ID_HEADER = "looklook-fire-id";
    static final String EVENT_ID_HEADER = "eventId";
    static final String EVENT_TYPE_HEADER = "eventType";
    /** W3C trace context: kept from the record that set a timer, sent with what its firing produces. */
    static final String TRACEPARENT_HEADER = "traceparent";
    private static final String SCAN_FROM_KEY = "scan-from";

    private final ProcessorContext<Object, Object> context;
    private final KeyValueStore<String, ScheduledTimer> byId;
    private final KeyValueStore<Bytes, byte[]> byTime;
    private final KeyValueStore<String, Long> scanFrom;
    private final Serializer<SpecificRecord> events;
    private final SchedulerMetrics metrics;
    private final TimerTracing tracing;
    private final long lateAfterMs;

    Timers(ProcessorContext<Object, Object> context, Serializer<SpecificRecord> events, SchedulerMetrics metrics,
           TimerTracing tracing, long lateAfterMs) {
        this.lateAfterMs = lateAfterMs;
        this.tracing = tracing;
        this.context = context;
        this.byId = context.getStateStore(SchedulerTopology.BY_ID);
        this.byTime = context.getStateStore(SchedulerTopology.BY_TIME);
        this.scanFrom = context.getStateStore(SchedulerTopology.SCAN_FROM);
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Stores {@code timer} (version, acceptance time and fire id are assigned here), replacing a pending one with its
     * id. {@code request} is where the request that set it was read: it makes the fire id unique to this acceptance.
     */
    void upsert(ScheduledTimer timer, Origin request, long now) {
        ScheduledTimer previous = byId.get(timer.getScheduleId());
        if (previous != null) {
            byTime.delete(timeKey(previous));
        }
        lowerScanFrom(timer.getDueAt().toEpochMilli());
        timer.setVersion(previous == null ? 1 : previous.getVersion() + 1);
        timer.setAcceptedAt(Instant.ofEpochMilli(now));
        // the version alone restarts at 1 once a timer fired; the request's offset never repeats, and a
        // re-processed request (after a crash) gives the same id, so the firing it leads to stays recognisable
        timer.setFireId(timer.getScheduleId() + ":" + timer.getVersion() + "/" + request);
        byId.put(timer.getScheduleId(), timer);
        byTime.put(timeKey(timer), new byte[0]);
        feedback(timer.getScheduleId(), new ScheduleAccepted(eventId(), Instant.ofEpochMilli(now), timer.getScheduleId(),
                timer.getVersion(), timer.getDueAt(), timer.getTargetTopic(), previous != null), now, timer.getTraceparent());
    }

    /** Pending timers of this task (RocksDB's estimate). */
    long pendingEstimate() {
        return byId.approximateNumEntries();
    }

    /** Drops the pending timer {@code scheduleId}; with {@code reportMissing}, says so when there is none. */
    void cancel(String scheduleId, long now, boolean reportMissing) {
        ScheduledTimer timer = byId.delete(scheduleId);
        if (timer == null) {
            if (reportMissing) {
                feedback(scheduleId, new ScheduleNotFound(eventId(), Instant.ofEpochMilli(now), scheduleId), now);
            }
            return;
        }
        byTime.delete(timeKey(timer));
        metrics.cancelled();
        feedback(scheduleId, new ScheduleCancelled(eventId(), Instant.ofEpochMilli(now), scheduleId, timer.getVersion(),
                timer.getDueAt()), now);
    }

    /** Fires the pending timer {@code scheduleId} at once, whatever its due time (an operator's request). */
    void fireNow(String scheduleId, long now) {
        ScheduledTimer timer = byId.get(scheduleId);
        if (timer == null) {
            feedback(scheduleId, new ScheduleNotFound(eventId(), Instant.ofEpochMilli(now), scheduleId), now);
            return;
        }
        byTime.delete(timeKey(timer));
        fire(timer, now, true);
    }

    /** Fires every timer due by {@code now}, earliest first, at most {@code limit} of them; returns how many. */
    int fireDue(long now, int limit) {
        long from = scanFrom();
        if (from > now) {
            return 0;
        }
        List<KeyValue<Bytes, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> range = byTime.range(Bytes.wrap(TimeKey.atOrAfter(from)), Bytes.wrap(TimeKey.after(now)))) {
            while (range.hasNext() && due.size() < limit) {
                due.add(range.next());
            }
        }
        // all keys due by now are gone once this batch fires, unless the batch was cut at the limit
        scanFrom.put(SCAN_FROM_KEY, due.size() < limit ? now + 1 : TimeKey.dueAt(due.get(due.size() - 1).key.get()));
        for (KeyValue<Bytes, byte[]> entry : due) {
            ScheduledTimer timer = byId.get(TimeKey.scheduleId(entry.key.get()));
            byTime.delete(entry.key);
            if (timer != null) {
                fire(timer, now, false);
            }
        }
        return due.size();
    }

    /**
     * Where the dispatcher's range scan starts. Every key due before it has fired, i.e. was deleted: RocksDB keeps a
     * tombstone per deleted key until compaction, and a scan from the very first key would step over all of them on
     * every tick (measured: the scheduler fell behind at 10,000 timers/s, CPU-bound in the scan). Per task, in a
     * store shared by both processors; empty after the task is initialised, which means "from the start".
     */
    private long scanFrom() {
        Long from = scanFrom.get(SCAN_FROM_KEY);
        return from == null ? 0 : from;
    }

    /** A timer due before the scan's start (accepted past due) must still be found. */
    private void lowerScanFrom(long dueAt) {
        if (dueAt < scanFrom()) {
            scanFrom.put(SCAN_FROM_KEY, dueAt);
        }
    }

    private void fire(ScheduledTimer timer, long now, boolean onRequest) {
        byId.delete(timer.getScheduleId());
        long due = timer.getDueAt().toEpochMilli();
        long lateness = Math.max(0, now - due);
        String fireId = timer.getFireId() != null ? timer.getFireId() : timer.getScheduleId() + ":" + timer.getVersion();
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, ByteBuffer> header : timer.getHeaders().entrySet()) {
            headers.add(header.getKey(), bytes(header.getValue()));
        }
        headers.add(SCHEDULE_ID_HEADER, utf8(timer.getScheduleId()));
        headers.add(SCHEDULE_VERSION_HEADER, utf8(Long.toString(timer.getVersion())));
        headers.add(FIRE_ID_HEADER, utf8(fireId));
        String traceparent = tracing.fired(timer.getTraceparent(), timer.getScheduleId(), timer.getTargetTopic());
        if (traceparent != null && headers.lastHeader(TRACEPARENT_HEADER) == null) {
            headers.add(TRACEPARENT_HEADER, utf8(traceparent));
        }
        byte[] payload = timer.getKind() == TimerKind.CLOSE_ORDER
                ? closeOrder(timer, fireId, now, headers)
                : bytes(timer.getPayload());
        context.forward(new Record<Object, Object>(bytes(timer.getKey()), new Delivery(timer.getTargetTopic(), payload), now,
                headers), DELIVERIES);
        boolean late = timer.getAcceptedAt().toEpochMilli() > due || lateness > lateAfterMs;
        feedback(timer.getScheduleId(), new ScheduleFired(eventId(), Instant.ofEpochMilli(now), timer.getScheduleId(),
                timer.getVersion(), timer.getDueAt(), Instant.ofEpochMilli(now), lateness, late, timer.getTargetTopic(),
                onRequest), now, traceparent);
        if (onRequest) {
            metrics.firedOnRequest(); // not in the lateness histogram: it measures the dispatcher, not operators
        } else {
            metrics.fired(lateness);
        }
    }

    /** The command that closes an unpaid order, built at firing so requestedAt is the real time of the request. */
    private byte[] closeOrder(ScheduledTimer timer, String fireId, long now, RecordHeaders headers) {
        UUID eventId = UUID.nameUUIDFromBytes(utf8(fireId)); // the same firing always carries the same eventId
        String sn = new String(bytes(timer.getKey()), StandardCharsets.UTF_8);
        CloseOrderRequested command = new CloseOrderRequested(eventId, Instant.ofEpochMilli(now), sn, Instant.ofEpochMilli(now),
                timer.getDueAt());
        headers.add(EVENT_ID_HEADER, utf8(eventId.toString()));
        headers.add(EVENT_TYPE_HEADER, utf8(CloseOrderRequested.class.getSimpleName()));
        return events.serialize(timer.getTargetTopic(), command);
    }

    void feedback(String key, SpecificRecord event, long now) {
        feedback(key, event, now, null);
    }

    private void feedback(String key, SpecificRecord event, long now, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(TRACEPARENT_HEADER, utf8(traceparent));
        }
        headers.add(EVENT_ID_HEADER, utf8(String.valueOf(event.get(event.getSchema().getField("eventId").pos()))));
        headers.add(EVENT_TYPE_HEADER, utf8(event.getSchema().getName()));
        context.forward(new Record<Object, Object>(key, event, now, headers), FEEDBACK);
    }

    /** The record's {@code traceparent} header, if it has one. */
    static String traceparent(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Bytes timeKey(ScheduledTimer timer) {
        return Bytes.wrap(TimeKey.of(timer.getDueAt().toEpochMilli(), timer.getScheduleId()));
    }

    static UUID eventId() {
        return UUID.randomUUID();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A copy of the buffer's remaining bytes (null for null), leaving the buffer as it was. */
    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}

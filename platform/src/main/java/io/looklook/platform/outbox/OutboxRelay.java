package io.looklook.platform.outbox;

import io.looklook.platform.observability.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes committed outbox rows to Kafka, oldest first, with an idempotent producer ({@code acks=all}), then
 * deletes them. Each turn holds the single {@code outbox_relay_lock} row ({@code FOR UPDATE SKIP LOCKED}), so
 * several instances may run a relay and still only one publishes at a time: per-key order holds across instances.
 * A crash between publish and delete republishes the batch (at-least-once; consumers de-duplicate on eventId).
 * Runs on its own thread, which may block. The rows arrive on the database driver's event loop, so the publish
 * (which waits for Kafka's acknowledgements, up to the send timeout when the broker is slow or away) is moved off it:
 * that loop serves every other query of the service.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String EVENT_ID_HEADER = "eventId";
    public static final String EVENT_TYPE_HEADER = "eventType";

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String LOCK = "SELECT id FROM outbox_relay_lock WHERE id = 1 FOR UPDATE SKIP LOCKED";
    private static final String SELECT = "SELECT id, event_id, topic, message_key, event_type, payload, traceparent, "
            + "TIMESTAMPDIFF(MICROSECOND, created_at, NOW(3)) AS age_us FROM outbox_event ORDER BY id LIMIT :limit";
    private static final String STATS = "SELECT COUNT(*) AS backlog, "
            + "COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(created_at), NOW(3)), 0) AS oldest_us FROM outbox_event";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Producer<String, byte[]> producer;
    private final OutboxProperties properties;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMicros = new AtomicLong();
    private final MeterRegistry meters;
    /** event type -> its published counter: the dashboard's orders placed, paid and closed, payments and refunds. */
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Timer commitToAck;
    /** Set by {@link #wakeUp()}; a flag, not just a park permit: the blocking calls of a turn consume permits. */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread worker;
    private long lastStatsNanos;
    private volatile long lastStatsMillis = System.currentTimeMillis();
    /** When a turn last found nothing waiting or published something: readiness watches it. */
    private volatile long lastProgressMillis = System.currentTimeMillis();
    private int failedTurns;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, Producer<String, byte[]> producer,
                       OutboxProperties properties, MeterRegistry meters) {
        this.db = db;
        this.tx = tx;
        this.producer = producer;
        this.properties = properties;
        this.meters = meters;
        this.commitToAck = Timer.builder("looklook.outbox.commit.to.ack")
                .description("from the outbox insert to Kafka's acknowledgement")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(meters);
        Gauge.builder("looklook.outbox.backlog", backlog, AtomicLong::get).baseUnit("records")
                .description("rows waiting to be published").register(meters);
        Gauge.builder("looklook.outbox.oldest.age", oldestAgeMicros, v -> v.get() / 1e6).baseUnit("seconds")
                .description("age of the oldest unpublished row").register(meters);
    }

    /** Wakes the relay at once (called after a local commit that wrote outbox rows). */
    public void wakeUp() {
        wakeRequested.set(true);
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** With {@code looklook.outbox.relay-enabled=false} the relay exists (and is woken) but only starts when asked. */
    @Override
    public boolean isAutoStartup() {
        return properties.relayEnabled();
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(properties.sendTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // start after the database and Kafka clients, stop before them
    }

    private void loop() {
        while (running) {
            try {
                long turnStarted = System.nanoTime();
                wakeRequested.set(false); // a commit from now on asks for another turn
                int relayed = relayOnce();
                refreshStats();
                recovered();
                if (relayed >= properties.batchSize()) {
                    continue; // a backlog: drain it without pausing
                }
                if (wakeRequested.get()) {
                    // more commits arrived during the turn: gather them for a moment instead of running a turn per
                    // commit, which would spend the database's capacity on the relay's own transactions
                    LockSupport.parkNanos(turnStarted + properties.minTurnInterval().toNanos() - System.nanoTime());
                } else {
                    LockSupport.parkNanos(properties.idleInterval().toNanos());
                }
            } catch (RuntimeException e) {
                LockSupport.parkNanos(backOff(e).toNanos());
            }
        }
    }

    /** One turn: publish up to a batch; returns the rows published (0 if none, or another instance holds the turn). */
    public int relayOnce() {
        Mono<Integer> turn = db.sql(LOCK).map(row -> 1).first()
                .flatMap(locked -> fetchBatch())
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0).doOnNext(none -> progressed())
                        : Mono.fromCallable(() -> publish(rows)).subscribeOn(Schedulers.boundedElastic())
                                .flatMap(done -> delete(done).thenReturn(done.size())))
                .defaultIfEmpty(0);
        Integer count = tx.transactional(turn).block(properties.sendTimeout().plusSeconds(10));
        return count == null ? 0 : count;
    }

    /**
     * Whether the relay is keeping up: false once rows have waited with nothing published for {@code stuckAfter}
     * (the database or the broker away). A turn another instance holds counts as progress when the oldest row is
     * younger than that: that instance is publishing.
     */
    public boolean keepingUp(Duration stuckAfter) {
        long now = System.currentTimeMillis();
        boolean othersPublish = backlog.get() == 0 || oldestAgeMicros.get() / 1000 < stuckAfter.toMillis();
        return now - lastProgressMillis < stuckAfter.toMillis() || (now - lastStatsMillis < stuckAfter.toMillis() && othersPublish);
    }

    public long backlog() {
        return backlog.get();
    }

    public Duration oldestAge() {
        return Duration.ofNanos(oldestAgeMicros.get() * 1000);
    }

    private void progressed() {
        lastProgressMillis = System.currentTimeMillis();
    }

    /** Capped exponential back-off after a failed turn, with a log line per step (not one per second of an outage). */
    private Duration backOff(RuntimeException e) {
        failedTurns++;
        Duration wait = Duration.ofMillis(Math.min(properties.retryMaxInterval().toMillis(), 200L << Math.min(failedTurns - 1, 16)));
        log.warn("outbox relay turn failed ({} in a row); next try in {} ms, rows stay until published: {}", failedTurns,
                wait.toMillis(), io.looklook.platform.kafka.ConsumerRetries.summary(e));
        return wait;
    }

    private void recovered() {
        if (failedTurns > 0) {
            log.info("outbox relay recovered after {} failed turns", failedTurns);
            failedTurns = 0;
        }
    }

    private Mono<List<OutboxRow>> fetchBatch() {
        return db.sql(SELECT).bind("limit", properties.batchSize())
                .map(row -> new OutboxRow(
                        row.get("id", Long.class),
                        row.get("event_id", String.class),
                        row.get("topic", String.class),
                        row.get("message_key", String.class),
                        row.get("event_type", String.class),
                        row.get("payload", byte[].class),
                        row.get("traceparent", String.class),
                        row.get("age_us", Long.class)))
                .all().collectList();
    }

    /**
     * Sends the batch and waits for every acknowledgement. Returns the ids safe to delete: those acknowledged
     * whose key had no earlier failure in this batch (so a retry cannot put an older event after a newer one).
     */
    private List<Long> publish(List<OutboxRow> rows) {
        long sentAt = System.nanoTime();
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                producer.send(toRecord(row), (metadata, error) -> {
                    if (error == null) {
                        ack.complete(null);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) { // e.g. no metadata for the topic within max.block.ms
                ack.completeExceptionally(e);
            }
            acks.add(ack);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("outbox batch partly failed; unacknowledged rows stay for the next turn: {}", e.toString());
        }
        long ackedAfterSendMicros = (System.nanoTime() - sentAt) / 1000;
        List<Long> deletable = new ArrayList<>(rows.size());
        Set<String> failedKeys = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            OutboxRow row = rows.get(i);
            CompletableFuture<Void> ack = acks.get(i);
            boolean ok = ack.isDone() && !ack.isCompletedExceptionally();
            if (ok && !failedKeys.contains(row.topic() + '\u0000' + row.key())) {
                deletable.add(row.id());
                published(row.eventType()).increment();
                // clamped: created_at has millisecond precision and may read as just after the SELECT's NOW(3)
                commitToAck.record(Duration.ofNanos(Math.max(0, row.ageMicros() + ackedAfterSendMicros) * 1000));
            } else {
                failedKeys.add(row.topic() + '\u0000' + row.key());
            }
        }
        if (!deletable.isEmpty()) {
            progressed();
        }
        return deletable;
    }

    private Mono<Long> delete(List<Long> ids) {
        return ids.isEmpty() ? Mono.just(0L)
                : db.sql("DELETE FROM outbox_event WHERE id IN (:ids)").bind("ids", ids).fetch().rowsUpdated();
    }

    private static ProducerRecord<String, byte[]> toRecord(OutboxRow row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(), row.key(), row.payload());
        record.headers().add(EVENT_ID_HEADER, row.eventId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EVENT_TYPE_HEADER, row.eventType().getBytes(StandardCharsets.UTF_8));
        if (row.traceparent() != null) {
            record.headers().add(TraceContext.TRACEPARENT, row.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private void refreshStats() {
        long now = System.nanoTime();
        if (now - lastStatsNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastStatsNanos = now;
        db.sql(STATS).map(row -> {
            backlog.set(row.get("backlog", Long.class));
            oldestAgeMicros.set(row.get("oldest_us", Long.class));
            return true;
        }).first().block(Duration.ofSeconds(5));
        lastStatsMillis = System.currentTimeMillis();
    }

    private Counter published(String eventType) {
        return published.computeIfAbsent(eventType, type -> Counter.builder("looklook.outbox.published").baseUnit("records")
                .description("events published by this relay, by event type").tag("event", type).register(meters));
    }

    private record OutboxRow(long id, String eventId, String topic, String key, String eventType, byte[] payload,
                             String traceparent, long ageMicros) {
    }
}

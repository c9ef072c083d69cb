package io.looklook.platform.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes what the rules say is past its retention, at start-up and then every {@code interval}: a batch of rows per
 * statement (each its own short transaction), again until a batch comes back short. A failed run (the database away)
 * is logged and the next one tries again; nothing depends on a purge being on time.
 */
public class RetentionPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final DatabaseClient db;
    private final List<RetentionRule> rules;
    private final RetentionProperties properties;
    private final MeterRegistry meters;
    private volatile Disposable timer;

    public RetentionPurge(DatabaseClient db, List<RetentionRule> rules, RetentionProperties properties, MeterRegistry meters) {
        this.db = db;
        this.rules = List.copyOf(rules);
        this.properties = properties;
        this.meters = meters;
    }

    /** One run over every rule; emits the rows deleted. */
    public Mono<Long> purgeNow() {
        return Flux.fromIterable(rules).concatMap(this::purge).reduce(0L, Long::sum);
    }

    private Mono<Long> purge(RetentionRule rule) {
        Mono<Long> batch = db.sql(rule.deleteBatchSql()).bind("keepMs", rule.keep().toMillis())
                .bind("limit", properties.batchSize()).fetch().rowsUpdated();
        return batch.repeat().takeUntil(deleted -> deleted < properties.batchSize()).reduce(0L, Long::sum)
                .doOnNext(deleted -> {
                    meters.counter("retention.purged.rows", "table", rule.table()).increment(deleted);
                    if (deleted > 0) {
                        log.info("retention: {} rows of {} older than {} deleted", deleted, rule.table(), rule.keep());
                    }
                });
    }

    @Override
    public void start() {
        timer = Flux.interval(Duration.ZERO, properties.interval())
                .onBackpressureDrop()
                .concatMap(tick -> purgeNow().onErrorResume(e -> {
                    log.warn("retention purge failed, next run in {}: {}", properties.interval(), e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = timer;
        if (running != null) {
            running.dispose();
        }
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}

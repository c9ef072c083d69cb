package io.looklook.platform.kafka;

import io.looklook.platform.error.FailureKind;
import io.looklook.schemas.RegistryFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What every consumer's failures look like from outside: one log line per failed attempt (attempts are a back-off
 * apart, so a long outage logs a line every cap interval, not a stack trace per poll), one WARN line per dead letter
 * naming its topic, partition, offset and reason, and metrics: {@code looklook_<service>_kafka_consumer_retrying_partitions}
 * (partitions waiting on a transient failure, per group and topic), {@code looklook_<service>_kafka_consumer_stuck_seconds}
 * (how long the longest has waited) and {@code looklook_<service>_kafka_dead_letters_records_total} per source topic,
 * for an alert to watch.
 * Readiness reads {@link #stuck(Duration)}.
 */
public class ConsumerRetries implements RetryListener, RecordInterceptor<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(ConsumerRetries.class);

    private final RetryProperties retry;
    private final MeterRegistry meters;
    private final Map<Waiting.Key, Waiting> waiting = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public ConsumerRetries(RetryProperties retry, MeterRegistry meters) {
        this.retry = retry;
        this.meters = meters;
    }

    /** A partition waiting on one record that keeps failing transiently. */
    public record Waiting(Key key, long offset, long sinceMillis, long lastAttemptMillis, int attempts, String cause) {

        public record Key(String group, String topic, int partition) {
        }

        public Duration waited(long nowMillis) {
            return Duration.ofMillis(nowMillis - sinceMillis);
        }
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int deliveryAttempt) {
        Throwable error = ex == null ? new IllegalStateException("unknown failure") : ex;
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        String group = group();
        switch (FailureKind.of(error)) {
            case TRANSIENT -> {
                Waiting.Key key = new Waiting.Key(group, record.topic(), record.partition());
                long now = System.currentTimeMillis();
                waiting.compute(key, (k, previous) -> new Waiting(k, record.offset(),
                        previous != null && previous.offset() == record.offset() ? previous.sinceMillis() : now, now,
                        deliveryAttempt, summary(error)));
                gauge(group, record.topic());
                log.warn("{} waits on {}: {} is unavailable ({}); attempt {}, next in {} ms. Transient: retried without "
                        + "end, nothing after it on this partition is processed meanwhile", group, where,
                        FailureKind.isDatabase(error) ? "the database" : "a dependency", summary(error), deliveryAttempt,
                        retry.transientBackOffAfter(deliveryAttempt).toMillis());
            }
            case UNKNOWN -> {
                if (deliveryAttempt == 1) {
                    log.warn("{} failed on {} (attempt 1 of {}); retrying, then dead-lettering", group, where,
                            retry.attempts() + 1, error);
                } else {
                    log.warn("{} failed on {} (attempt {} of {}): {}", group, where, deliveryAttempt, retry.attempts() + 1,
                            summary(error));
                }
            }
            case PERMANENT -> {
                // dead-lettered at once; recovered(...) says so
            }
        }
    }

    @Override
    public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception ex) {
        waiting.remove(new Waiting.Key(group(), record.topic(), record.partition()));
        Counter.builder("looklook.kafka.dead.letters").baseUnit("records").description("records sent to <topic>-dlt, by source topic")
                .tag("topic", record.topic()).register(meters).increment();
        log.warn("dead-lettered {}-{}@{} (key {}) to {}{}: {}", record.topic(), record.partition(), record.offset(),
                record.key(), record.topic(), KafkaDefaultsAutoConfiguration.DLT_SUFFIX,
                ex == null ? "?" : summary(ex));
    }

    @Override
    public void recoveryFailed(ConsumerRecord<?, ?> record, @Nullable Exception original, Exception failure) {
        log.warn("could not dead-letter {}-{}@{}; it stays and is tried again: {}", record.topic(), record.partition(),
                record.offset(), summary(failure));
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        return record;
    }

    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        Waiting done = waiting.remove(new Waiting.Key(group(), record.topic(), record.partition()));
        if (done != null) {
            log.info("{} resumed {}-{}@{} after {} s and {} failed attempts", done.key().group(), record.topic(),
                    record.partition(), record.offset(), done.waited(System.currentTimeMillis()).toSeconds(), done.attempts());
        }
    }

    /**
     * Partitions that have waited at least {@code atLeast} on one record. An entry whose attempts stopped (its
     * partition moved to another consumer) is forgotten.
     */
    public List<Waiting> stuck(Duration atLeast) {
        long now = System.currentTimeMillis();
        long forgetAfter = 2 * retry.transientMaxInterval().toMillis() + 10_000;
        waiting.values().removeIf(w -> now - w.lastAttemptMillis() > forgetAfter);
        return waiting.values().stream().filter(w -> w.waited(now).compareTo(atLeast) >= 0).toList();
    }

    private void gauge(String group, String topic) {
        if (!gauged.add(group + '\u0000' + topic)) {
            return;
        }
        Gauge.builder("looklook.kafka.consumer.retrying", () -> current(group, topic).size()).baseUnit("partitions")
                .description("partitions waiting on a record that fails transiently (database, registry or broker away)")
                .tag("group", group).tag("topic", topic).register(meters);
        Gauge.builder("looklook.kafka.consumer.stuck", () -> current(group, topic).stream()
                        .mapToLong(w -> w.waited(System.currentTimeMillis()).toSeconds()).max().orElse(0)).baseUnit("seconds")
                .description("how long the longest-waiting partition has waited on one record")
                .tag("group", group).tag("topic", topic).register(meters);
    }

    private List<Waiting> current(String group, String topic) {
        return stuck(Duration.ZERO).stream().filter(w -> w.key().group().equals(group) && w.key().topic().equals(topic)).toList();
    }

    private static String group() {
        String group = KafkaUtils.getConsumerGroupId();
        return group == null ? "?" : group;
    }

    /** The innermost message worth reading: the cause chain's last non-empty one, with its type. */
    public static String summary(Throwable error) {
        String registry = RegistryFailures.describe(error);
        if (registry != null) {
            return registry;
        }
        Throwable root = error;
        String message = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            root = cause;
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        String text = root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}

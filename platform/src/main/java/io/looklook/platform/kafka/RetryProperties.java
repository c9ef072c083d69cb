package io.looklook.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a consumer retries a record that failed. Blocking retries (not retry topics, which would reorder the events of
 * one aggregate): the partition waits while its record is retried.
 *
 * @param attempts              a failure of unknown kind (a bug, say): this many retries after the first delivery,
 *                              from {@code initialInterval} doubling up to {@code maxInterval}, then {@code <topic>-dlt}
 * @param transientMaxInterval  a transient failure (database, registry or broker away) is retried without end, from
 *                              {@code initialInterval} doubling up to this cap
 * @param stuckAfter            readiness goes DOWN once a partition has waited this long on one record
 */
@ConfigurationProperties("looklook.kafka.retry")
public record RetryProperties(Integer attempts, Duration initialInterval, Duration maxInterval,
                              Duration transientMaxInterval, Duration stuckAfter) {

    public RetryProperties {
        attempts = attempts == null ? 4 : attempts;
        initialInterval = initialInterval == null ? Duration.ofMillis(200) : initialInterval;
        maxInterval = maxInterval == null ? Duration.ofSeconds(3) : maxInterval;
        transientMaxInterval = transientMaxInterval == null ? Duration.ofSeconds(30) : transientMaxInterval;
        stuckAfter = stuckAfter == null ? Duration.ofSeconds(60) : stuckAfter;
    }

    /** The wait after failed attempt {@code attempt} (1-based) of a transient failure. */
    public Duration transientBackOffAfter(int attempt) {
        long ms = initialInterval.toMillis();
        for (int i = 1; i < attempt && ms < transientMaxInterval.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, transientMaxInterval.toMillis()));
    }
}

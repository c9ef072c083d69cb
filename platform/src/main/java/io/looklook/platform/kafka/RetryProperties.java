package io.looklook.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounded blocking retries of a failing record before it goes to {@code <topic>-dlt}. Blocking (not retry topics)
 * because retry topics would reorder the events of one aggregate.
 */
@ConfigurationProperties("looklook.kafka.retry")
public record RetryProperties(Integer attempts, Duration initialInterval, Duration maxInterval) {

    public RetryProperties {
        attempts = attempts == null ? 4 : attempts;
        initialInterval = initialInterval == null ? Duration.ofMillis(200) : initialInterval;
        maxInterval = maxInterval == null ? Duration.ofSeconds(3) : maxInterval;
    }
}

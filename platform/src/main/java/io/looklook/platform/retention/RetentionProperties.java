package io.looklook.platform.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param inbox     how long a consumer remembers an event it applied ({@code processed_event}): a redelivery within
 *                  it is recognised by its id; an older replay relies on the use cases' conditional transitions
 * @param interval  how often the purge runs (and once at start-up)
 * @param batchSize rows per delete statement, so no purge holds locks on many rows at once
 * @param enabled   whether this instance purges (any number may: the deletes do not conflict)
 */
@ConfigurationProperties("looklook.retention")
public record RetentionProperties(Duration inbox, Duration interval, Integer batchSize, Boolean enabled) {

    public RetentionProperties {
        inbox = inbox == null ? Duration.ofDays(30) : inbox;
        interval = interval == null ? Duration.ofHours(1) : interval;
        batchSize = batchSize == null ? 5_000 : batchSize;
        enabled = enabled == null || enabled;
    }
}

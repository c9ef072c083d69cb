package io.looklook.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param relayEnabled  whether this instance runs a relay (any number may; they take turns per batch)
 * @param batchSize     rows published per turn
 * @param idleInterval  how long an idle relay waits before looking again; a local commit wakes it at once
 * @param sendTimeout   how long a batch waits for Kafka's acknowledgements before it is retried
 * @param minTurnInterval while commits keep arriving, the shortest time between the starts of two turns (batches
 *                      them: latency + at most this, far fewer relay transactions)
 * @param retryMaxInterval after failed turns (database or broker away) the relay waits from 200 ms doubling up to this
 * @param stuckAfter    readiness goes DOWN once rows have waited this long with nothing published
 */
@ConfigurationProperties("looklook.outbox")
public record OutboxProperties(Boolean relayEnabled, Integer batchSize, Duration idleInterval, Duration sendTimeout,
                               Duration minTurnInterval, Duration retryMaxInterval, Duration stuckAfter) {

    public OutboxProperties {
        relayEnabled = relayEnabled == null || relayEnabled;
        batchSize = batchSize == null ? 500 : batchSize;
        idleInterval = idleInterval == null ? Duration.ofMillis(100) : idleInterval;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
        minTurnInterval = minTurnInterval == null ? Duration.ofMillis(10) : minTurnInterval;
        retryMaxInterval = retryMaxInterval == null ? Duration.ofSeconds(5) : retryMaxInterval;
        stuckAfter = stuckAfter == null ? Duration.ofSeconds(60) : stuckAfter;
    }
}

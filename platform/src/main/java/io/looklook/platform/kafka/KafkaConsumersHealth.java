package io.looklook.platform.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Readiness of the service's consumers: DOWN while a listener container is not running (stopped, or failed to start)
 * or while a partition has waited longer than {@code looklook.kafka.retry.stuck-after} on a record that keeps failing
 * transiently. The details name each one, so an operator sees which group waits on which offset and why.
 */
public class KafkaConsumersHealth implements HealthIndicator {

    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final ConsumerRetries retries;
    private final Duration stuckAfter;

    public KafkaConsumersHealth(ObjectProvider<KafkaListenerEndpointRegistry> listeners, ConsumerRetries retries,
                                Duration stuckAfter) {
        this.listeners = listeners;
        this.retries = retries;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public Health health() {
        Map<String, Object> stopped = new LinkedHashMap<>();
        KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
        if (registry != null) {
            for (MessageListenerContainer container : registry.getListenerContainers()) {
                if (!container.isRunning() || !container.isInExpectedState()) {
                    stopped.put(container.getListenerId(), container.getGroupId());
                }
            }
        }
        long now = System.currentTimeMillis();
        List<Map<String, Object>> stuck = retries.stuck(stuckAfter).stream().map(w -> Map.<String, Object>of(
                "group", w.key().group(), "partition", w.key().topic() + "-" + w.key().partition(), "offset", w.offset(),
                "waitingSeconds", w.waited(now).toSeconds(), "attempts", w.attempts(), "cause", w.cause())).toList();
        Health.Builder health = stopped.isEmpty() && stuck.isEmpty() ? Health.up() : Health.down();
        if (!stopped.isEmpty()) {
            health.withDetail("stoppedListeners", stopped);
        }
        if (!stuck.isEmpty()) {
            health.withDetail("stuckPartitions", stuck);
        }
        return health.withDetail("stuckAfter", stuckAfter.toString()).build();
    }
}

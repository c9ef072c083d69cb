package io.looklook.platform.outbox;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness DOWN once outbox rows have waited {@code looklook.outbox.stuck-after} with nothing published (the
 * database or the broker away for that long): the service still takes writes, but nothing it records reaches anyone.
 */
public class OutboxRelayHealth implements HealthIndicator {

    private final OutboxRelay relay;
    private final OutboxProperties properties;

    public OutboxRelayHealth(OutboxRelay relay, OutboxProperties properties) {
        this.relay = relay;
        this.properties = properties;
    }

    @Override
    public Health health() {
        if (!relay.isRunning()) {
            return Health.up().withDetail("relay", "not run by this instance").build();
        }
        Duration stuckAfter = properties.stuckAfter();
        return (relay.keepingUp(stuckAfter) ? Health.up() : Health.down())
                .withDetail("backlog", relay.backlog()).withDetail("oldestAge", relay.oldestAge().toString())
                .withDetail("stuckAfter", stuckAfter.toString()).build();
    }
}

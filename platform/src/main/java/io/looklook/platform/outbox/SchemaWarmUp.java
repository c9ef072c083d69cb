package io.looklook.platform.outbox;

import io.apicurio.registry.serde.AbstractKafkaSerializer;
import io.looklook.platform.kafka.ConsumerRetries;
import io.looklook.schemas.RegistryWarmUp;
import java.util.List;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Looks up the ids of the service's {@link EventSchemas} in the outbox's serializer at start-up, retrying with capped
 * back-off (one log line per step) until the registry answers. Readiness is DOWN until then.
 */
public class SchemaWarmUp implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SchemaWarmUp.class);

    private final AbstractKafkaSerializer<Schema, ?> serializer;
    private final List<Schema> schemas;
    private volatile boolean warm;
    private volatile boolean running;
    private volatile String lastFailure;

    public SchemaWarmUp(AbstractKafkaSerializer<Schema, ?> serializer, List<Schema> schemas) {
        this.serializer = serializer;
        this.schemas = schemas;
        this.warm = schemas.isEmpty();
    }

    @Override
    public void start() {
        running = true;
        if (warm) {
            return;
        }
        Thread thread = new Thread(this::warmUp, "schema-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void warmUp() {
        try {
            warm = RegistryWarmUp.resolve(serializer, schemas, () -> running, (attempt, nextIn, reason) -> {
                lastFailure = reason;
                log.warn("cannot resolve the schema ids of this service's events yet (attempt {}, next in {} ms): {}; "
                        + "not ready until then", attempt, nextIn.toMillis(), reason);
            });
            if (warm && lastFailure != null) {
                log.info("schema ids of {} event types resolved", schemas.size());
            }
            lastFailure = null;
        } catch (RuntimeException e) {
            lastFailure = ConsumerRetries.summary(e);
            log.error("the registry refused this service's event schemas; not ready", e);
        }
    }

    @Override
    public Health health() {
        Health.Builder health = warm ? Health.up() : Health.down();
        health.withDetail("eventTypes", schemas.size());
        if (lastFailure != null) {
            health.withDetail("lastFailure", lastFailure);
        }
        return health.build();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000; // early: the ids are ready before the web server takes requests
    }
}

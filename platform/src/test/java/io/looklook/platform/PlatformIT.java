package io.looklook.platform;

import io.looklook.platform.outbox.OutboxProperties;
import io.looklook.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Base of the platform's integration tests: one shared context on the real broker, registry and MariaDB. */
@SpringBootTest(classes = PlatformTestApp.class)
public abstract class PlatformIT {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        PlatformTestTopics.register(registry);
    }

    @Autowired
    protected TransactionalOperator tx;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected Producer<String, byte[]> producer;

    /** A relay of its own (as a restarted instance would be), looking every 20 ms. */
    protected OutboxRelay newRelay() {
        return new OutboxRelay(db, tx, producer, new OutboxProperties(true, 100, Duration.ofMillis(20), null, null, null, null),
                new SimpleMeterRegistry());
    }

    protected long count(String sql, String id) {
        return db.sql(sql).bind("id", id).map(r -> r.get("n", Long.class)).one().block();
    }
}

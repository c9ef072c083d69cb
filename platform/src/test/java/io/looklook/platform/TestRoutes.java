package io.looklook.platform;

import io.looklook.platform.outbox.Outbox;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Routes as services write them: a read and a write (state change and outbox row in one transaction). */
@RestController
public class TestRoutes {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;

    public TestRoutes(DatabaseClient db, TransactionalOperator tx, Outbox outbox) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
    }

    @GetMapping("/platform-test/effects")
    public Mono<Map<String, Object>> effects() {
        return db.sql("SELECT COUNT(*) AS n FROM applied_effect").map(r -> r.get("n", Long.class)).one()
                .map(n -> Map.of("effects", n));
    }

    @PostMapping("/platform-test/events")
    public Mono<Map<String, Object>> record() {
        String id = UUID.randomUUID().toString();
        Mono<Void> write = db.sql("INSERT INTO applied_effect (event_id, topic) VALUES (:id, 'route')").bind("id", id)
                .fetch().rowsUpdated()
                .then(outbox.append(PlatformTestTopics.OUTAGE, "route", Events.snapshot(7, "from a route")));
        return tx.transactional(write).thenReturn(Map.of("recorded", id));
    }
}

package io.looklook.platform;

import io.looklook.platform.inbox.Inbox;
import io.looklook.platform.kafka.PoisonEventException;
import io.looklook.travel.HomestaySnapshot;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Thin listeners as services write them: decode (platform serdes), de-duplicate (inbox), apply one effect. */
@Component
public class TestListeners {

    public static final String CONSUMER = "platform-test-consumer";

    /** The trace id the listener ran under, per event id: shows the trace travelled in the record's headers. */
    public static final Map<String, String> TRACE_IDS = new ConcurrentHashMap<>();

    private final Inbox inbox;
    private final DatabaseClient db;
    private final Tracer tracer;

    public TestListeners(Inbox inbox, DatabaseClient db, Tracer tracer) {
        this.inbox = inbox;
        this.db = db;
        this.tracer = tracer;
    }

    @KafkaListener(topics = {PlatformTestTopics.INBOX, PlatformTestTopics.POISON, PlatformTestTopics.OUTAGE})
    public void on(ConsumerRecord<String, HomestaySnapshot> record) {
        HomestaySnapshot event = record.value();
        Span span = tracer.currentSpan();
        if (span != null) {
            TRACE_IDS.put(event.getEventId().toString(), span.context().traceId());
        }
        if (event.getTitle().equals("poison")) {
            throw new PoisonEventException("title 'poison' can never be applied");
        }
        Mono<Long> effect = db.sql("INSERT INTO applied_effect (event_id, topic) VALUES (:id, :topic)")
                .bind("id", event.getEventId().toString()).bind("topic", record.topic()).fetch().rowsUpdated();
        inbox.once(CONSUMER, event.getEventId().toString(), effect).block();
    }
}

package io.looklook.platform;

import io.looklook.platform.inbox.Inbox;
import io.looklook.platform.kafka.PoisonEventException;
import io.looklook.travel.HomestaySnapshot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Thin listeners as services write them: decode (platform serdes), de-duplicate (inbox), apply one effect. */
@Component
public class TestListeners {

    public static final String CONSUMER = "platform-test-consumer";

    private final Inbox inbox;
    private final DatabaseClient db;

    public TestListeners(Inbox inbox, DatabaseClient db) {
        this.inbox = inbox;
        this.db = db;
    }

    @KafkaListener(topics = {PlatformTestTopics.INBOX, PlatformTestTopics.POISON})
    public void on(ConsumerRecord<String, HomestaySnapshot> record) {
        HomestaySnapshot event = record.value();
        if (event.getTitle().equals("poison")) {
            throw new PoisonEventException("title 'poison' can never be applied");
        }
        Mono<Long> effect = db.sql("INSERT INTO applied_effect (event_id, topic) VALUES (:id, :topic)")
                .bind("id", event.getEventId().toString()).bind("topic", record.topic()).fetch().rowsUpdated();
        inbox.once(CONSUMER, event.getEventId().toString(), effect).block();
    }
}

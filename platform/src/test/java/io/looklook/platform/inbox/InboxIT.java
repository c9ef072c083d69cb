package io.looklook.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.platform.Events;
import io.looklook.platform.KafkaOffsets;
import io.looklook.platform.PlatformIT;
import io.looklook.platform.PlatformTestTopics;
import io.looklook.platform.TestListeners;
import io.looklook.platform.outbox.Outbox;
import io.looklook.platform.outbox.OutboxRelay;
import io.looklook.travel.HomestaySnapshot;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/** A consumer with the inbox applies an event once, however often it is delivered. */
class InboxIT extends PlatformIT {

    @Autowired
    Outbox outbox;
    @Autowired
    Inbox inbox;

    @Test
    void anEventRepublishedAfterARelayCrashIsAppliedOnce() {
        HomestaySnapshot event = Events.snapshot(3, "twice");
        String eventId = event.getEventId().toString();
        tx.transactional(outbox.append(PlatformTestTopics.INBOX, "3", event)).block();
        String traceId = db.sql("SELECT traceparent FROM outbox_event WHERE event_id = :id").bind("id", eventId)
                .map(r -> r.get("traceparent", String.class)).first().block().split("-")[1];
        // the relay died after Kafka acknowledged the batch but before it deleted the rows: the same row is
        // still in the outbox, so the next relay publishes it again
        db.sql("INSERT INTO outbox_event (event_id, topic, message_key, event_type, payload, traceparent) "
                + "SELECT event_id, topic, message_key, event_type, payload, traceparent FROM outbox_event WHERE event_id = :id")
                .bind("id", eventId).fetch().rowsUpdated().block();

        OutboxRelay relay = newRelay();
        relay.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> countOutbox(eventId) == 0);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> inbox.seen(TestListeners.CONSUMER, eventId).block());
            // both copies have been consumed once the group's offset is past them; the effect exists once
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() >= publishedCount());
            assertThat(countEffects(eventId)).isEqualTo(1);

            // the trace stored with the outbox row travelled in the record's traceparent header to the listener
            assertThat(TestListeners.TRACE_IDS.get(eventId)).isEqualTo(traceId);
        } finally {
            relay.stop();
        }
    }

    @Test
    void aDuplicateIsSkippedAndItsEffectNeverRuns() {
        String eventId = java.util.UUID.randomUUID().toString();
        Mono<Long> effect = db.sql("INSERT INTO applied_effect (event_id, topic) VALUES (:id, 'direct')")
                .bind("id", eventId).fetch().rowsUpdated();
        assertThat(inbox.once("direct-consumer", eventId, effect).block()).isTrue();
        assertThat(inbox.once("direct-consumer", eventId, effect).block()).isFalse();
        assertThat(inbox.once("another-consumer", eventId, Mono.empty()).block()).as("per consumer").isTrue();
        assertThat(countEffects(eventId)).isEqualTo(1);
    }

    @Test
    void aFailingEffectRollsBackItsInboxRecordSoARetryCanApplyIt() {
        String eventId = java.util.UUID.randomUUID().toString();
        Mono<Object> failing = Mono.error(new IllegalStateException("database hiccup"));
        try {
            inbox.once("retry-consumer", eventId, failing).block();
        } catch (IllegalStateException expected) {
            // the effect failed: nothing may be recorded
        }
        assertThat(inbox.seen("retry-consumer", eventId).block()).isFalse();
        Mono<Long> effect = db.sql("INSERT INTO applied_effect (event_id, topic) VALUES (:id, 'retry')")
                .bind("id", eventId).fetch().rowsUpdated();
        assertThat(inbox.once("retry-consumer", eventId, effect).block()).isTrue();
        assertThat(countEffects(eventId)).isEqualTo(1);
    }

    private long countOutbox(String eventId) {
        return count("SELECT COUNT(*) AS n FROM outbox_event WHERE event_id = :id", eventId);
    }

    private long countEffects(String eventId) {
        return count("SELECT COUNT(*) AS n FROM applied_effect WHERE event_id = :id", eventId);
    }

    private long publishedCount() {
        return KafkaOffsets.endOffset(PlatformTestTopics.INBOX);
    }

    private long committedOffset() {
        return KafkaOffsets.committed("platform-test", PlatformTestTopics.INBOX);
    }
}

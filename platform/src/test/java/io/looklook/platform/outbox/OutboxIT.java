package io.looklook.platform.outbox;

import static io.looklook.platform.KafkaTestClients.awaitRecords;
import static io.looklook.platform.KafkaTestClients.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.looklook.platform.Events;
import io.looklook.platform.KafkaTestClients;
import io.looklook.platform.PlatformIT;
import io.looklook.testsupport.RegistryOnlyDecoder;
import io.looklook.testsupport.TestInfra;
import io.looklook.travel.HomestaySnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/**
 * The outbox against a real MariaDB, broker and registry. The context's own relay is off: each test starts the
 * relays it needs, which is how a crashed and restarted relay is played.
 */
class OutboxIT extends PlatformIT {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;

    private String newTopic() throws Exception {
        String topic = "platform.outbox-" + UUID.randomUUID();
        KafkaTestClients.createTopics(TestInfra.get().bootstrapServers(), topic);
        return topic;
    }

    private long rowsFor(String topic) {
        return count("SELECT COUNT(*) AS n FROM outbox_event WHERE topic = :id", topic);
    }

    @Test
    void anEventCommittedWhileNoRelayRunsIsPublishedOnceARelayStartsAgain() throws Exception {
        String topic = newTopic();
        HomestaySnapshot event = Events.snapshot(7, "Lakeside cabin");
        tx.transactional(outbox.append(topic, "7", event)).block();

        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.rawConsumer(TestInfra.get().bootstrapServers(), topic)) {
            // the relay is down (as after a crash between commit and publish): the row waits, nothing is published
            assertThat(drain(consumer, Duration.ofSeconds(1))).isEmpty();
            assertThat(rowsFor(topic)).isEqualTo(1);

            OutboxRelay restarted = newRelay();
            restarted.start();
            try {
                ConsumerRecord<String, byte[]> record = awaitRecords(consumer, 1).get(0);
                assertThat(record.key()).isEqualTo("7");
                assertThat(header(record, OutboxRelay.EVENT_ID_HEADER)).isEqualTo(event.getEventId().toString());
                assertThat(header(record, OutboxRelay.EVENT_TYPE_HEADER)).isEqualTo("HomestaySnapshot");
                assertThat(header(record, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
                GenericRecord decoded = new RegistryOnlyDecoder(TestInfra.get().registryUrl()).decode(record.value());
                assertThat(decoded.get("title")).hasToString("Lakeside cabin");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rowsFor(topic) == 0);
            } finally {
                restarted.stop();
            }
        }
    }

    @Test
    void aCommitWakesAnIdleRelayAtOnce() throws Exception {
        String topic = newTopic();
        // the service's relay, idle for a minute between looks (test properties): only the wake-up after the
        // commit can publish in time
        relay.start();
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.rawConsumer(TestInfra.get().bootstrapServers(), topic)) {
            KafkaTestClients.drain(consumer, Duration.ofMillis(300)); // the relay's first turn has passed; it is idle
            tx.transactional(outbox.append(topic, "w", Events.snapshot(9, "wake up"))).block();
            List<ConsumerRecord<String, byte[]>> seen = awaitRecords(consumer, 1);
            // commits that land while a turn is running (and blocking) must each still lead to a turn
            for (int i = 0; i < 300; i++) {
                tx.transactional(outbox.append(topic, "w" + (i % 7), Events.snapshot(i, "burst"))).block();
            }
            seen.addAll(awaitRecords(consumer, 300));
            assertThat(seen).hasSize(301);
        } finally {
            relay.stop();
        }
    }

    @Test
    void aRolledBackTransactionLeavesNoOutboxRow() throws Exception {
        String topic = newTopic();
        Mono<Void> failing = outbox.append(topic, "1", Events.snapshot(1, "x"))
                .then(Mono.error(new IllegalStateException("business rule failed after the append")));
        assertThatThrownBy(() -> tx.transactional(failing).block()).hasMessageContaining("business rule");
        assertThat(rowsFor(topic)).isZero();
    }

    @Test
    void twoRelaysTogetherPublishEveryEventOnceInPerKeyOrder() throws Exception {
        String topic = newTopic();
        int perKey = 100;
        List<String> keys = List.of("a", "b", "c", "d");
        OutboxRelay first = newRelay();
        OutboxRelay second = newRelay();
        first.start();
        second.start();
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.rawConsumer(TestInfra.get().bootstrapServers(), topic)) {
            Map<String, List<String>> appended = new LinkedHashMap<>();
            for (int i = 0; i < perKey; i++) {
                for (String key : keys) {
                    HomestaySnapshot event = Events.snapshot(i, key + i);
                    appended.computeIfAbsent(key, k -> new ArrayList<>()).add(event.getEventId().toString());
                    tx.transactional(outbox.append(topic, key, event)).block();
                }
            }
            List<ConsumerRecord<String, byte[]>> records = awaitRecords(consumer, perKey * keys.size());
            records.addAll(drain(consumer, Duration.ofMillis(500)));

            Map<String, List<String>> published = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                published.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(header(record, OutboxRelay.EVENT_ID_HEADER));
            }
            assertThat(published).isEqualTo(appended);
        } finally {
            first.stop();
            second.stop();
        }
    }

    @Test
    void aTombstoneIsPublishedWithANullValue() throws Exception {
        String topic = newTopic();
        tx.transactional(outbox.appendTombstone(topic, "42")).block();
        OutboxRelay relay = newRelay();
        relay.start();
        try (KafkaConsumer<String, byte[]> consumer = KafkaTestClients.rawConsumer(TestInfra.get().bootstrapServers(), topic)) {
            ConsumerRecord<String, byte[]> record = awaitRecords(consumer, 1).get(0);
            assertThat(record.key()).isEqualTo("42");
            assertThat(record.value()).isNull();
        } finally {
            relay.stop();
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}

package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TailCommandIT extends ToolsIT {

    @Test
    void printsEachRecordDecodedAsAJsonLineWithItsHeaders() {
        String topic = newTopic("tail", 1);
        Instant occurred = Instant.parse("2026-11-28T10:15:30.123Z");
        sendEvent(topic, "HSO1", new io.looklook.order.OrderClosed(UUID.fromString("00000000-0000-0000-0000-000000000001"), occurred,
                "HSO1", 42L, io.looklook.order.CloseReason.TIMEOUT), header("eventType", "OrderClosed"));

        Run run = run("tail", topic);

        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).singleElement().satisfies(line -> {
            assertThat(line.get("topic").asString()).isEqualTo(topic);
            assertThat(line.get("partition").asInt()).isZero();
            assertThat(line.get("offset").asLong()).isZero();
            assertThat(line.get("key").asString()).isEqualTo("HSO1");
            assertThat(line.get("headers").get("eventType").asString()).isEqualTo("OrderClosed");
            assertThat(line.get("type").asString()).isEqualTo("OrderClosed");
            JsonNode value = line.get("value");
            assertThat(value.get("eventId").asString()).isEqualTo("00000000-0000-0000-0000-000000000001");
            assertThat(value.get("occurredAt").asString()).isEqualTo("2026-11-28T10:15:30.123Z");
            assertThat(value.get("userId").asLong()).isEqualTo(42);
            assertThat(value.get("reason").asString()).isEqualTo("TIMEOUT");
            assertThat(Instant.parse(line.get("timestamp").asString())).isAfter(Instant.now().minusSeconds(60));
        });
    }

    @Test
    void undecodableRecordsAreShownAsSuchAndTheRestStillDecodes() {
        String topic = newTopic("tail-bad", 1);
        sendRaw(topic, "garbage", "not avro at all".getBytes());
        sendRaw(topic, "unknown-schema", ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(1).array());
        sendEvent(topic, "HSO2", closed("HSO2"));
        sendRaw(topic, "tombstone", null);

        Run run = run("tail", topic);

        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = run.json();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("undecodable").asString()).contains("not in the Confluent wire format");
        assertThat(lines.get(0).get("valueBase64").asString()).isNotBlank();
        assertThat(lines.get(1).get("undecodable").asString()).contains("schema id 987654 is not in the registry");
        assertThat(lines.get(2).get("type").asString()).isEqualTo("OrderClosed");
        assertThat(lines.get(3).get("value").isNull()).isTrue();
    }

    @Test
    void keyTypeLimitAndOffsetWindowSelectRecords() {
        String topic = newTopic("tail-filter", 3);
        for (int i = 0; i < 10; i++) {
            sendEvent(topic, "HSO-A", closed("HSO-A"));
            sendEvent(topic, "HSO-B", closed("HSO-B"));
        }
        Instant now = Instant.now();
        sendEvent(topic, "HSO-A", new CloseOrderRequested(UUID.randomUUID(), now, "HSO-A", now, now));

        assertThat(run("tail", topic, "--key", "HSO-A").json()).hasSize(11)
                .allSatisfy(l -> assertThat(l.get("key").asString()).isEqualTo("HSO-A"));
        assertThat(run("tail", topic, "--key", "HSO-A", "--type", "CloseOrderRequested").json()).singleElement()
                .satisfies(l -> assertThat(l.get("value").get("sn").asString()).isEqualTo("HSO-A"));
        assertThat(run("tail", topic, "--type", "io.looklook.order.OrderClosed").json()).hasSize(20);
        assertThat(run("tail", topic, "--limit", "3").json()).hasSize(3);
        // offsets: from inclusive, to exclusive, in each partition
        String single = newTopic("tail-window", 1);
        for (int i = 0; i < 10; i++) {
            sendEvent(single, "HSO-W", closed("HSO-W"));
        }
        assertThat(run("tail", single, "--from", "2", "--to", "5").json())
                .extracting(l -> l.get("offset").asLong()).containsExactly(2L, 3L, 4L);
        assertThat(run("tail", topic, "--from", "latest").json()).isEmpty();
    }

    @Test
    void fromATimeStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
        String topic = newTopic("tail-time", 1);
        sendEvent(topic, "old", closed("old"));
        Instant between = Instant.now();
        Awaitility.await().pollDelay(Duration.ZERO).until(() -> Instant.now().isAfter(between.plusMillis(5)));
        sendEvent(topic, "new", closed("new"));

        assertThat(run("tail", topic, "--from", between.toString()).json()).extracting(l -> l.get("key").asString()).containsExactly("new");
        assertThat(run("tail", topic, "--to", between.toString()).json()).extracting(l -> l.get("key").asString()).containsExactly("old");
    }

    @Test
    void followPrintsRecordsProducedAfterItStarted() throws Exception {
        String topic = newTopic("tail-follow", 2);
        sendEvent(topic, "HSO-BEFORE", closed("HSO-BEFORE"));
        CompletableFuture<Run> following = CompletableFuture.supplyAsync(() -> run("tail", topic, "--follow", "--from", "latest",
                "--limit", "2"));
        // it may take a moment to start: keep producing until it has printed two records
        int[] sent = {0};
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() -> {
            sendEvent(topic, "HSO-AFTER-" + sent[0]++, closed("HSO-AFTER"));
            return following.isDone();
        });

        Run run = following.get();
        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).hasSize(2).allSatisfy(l -> assertThat(l.get("key").asString()).startsWith("HSO-AFTER-"));
    }

    @Test
    void anEmptyTopicPrintsNothingAndAnUnknownTopicIsAClearError() {
        assertThat(run("tail", newTopic("tail-empty", 2))).satisfies(r -> {
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).isEmpty();
        });
        Run unknown = run("tail", "no-such-topic-" + UUID.randomUUID());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no topic named 'no-such-topic-");
    }

    @Test
    void badPositionsAndConflictingOptionsAreUsageErrors() {
        String topic = newTopic("tail-usage", 1);
        Run badFrom = run("tail", topic, "--from", "yesterday");
        assertThat(badFrom.exitCode()).isEqualTo(2);
        assertThat(badFrom.err()).contains("'yesterday' is not earliest, latest, an ISO-8601 time");
        assertThat(run("tail", topic, "--follow", "--to", "latest").exitCode()).isEqualTo(2);
        assertThat(run("tail", topic, "--partition", "5").exitCode()).isEqualTo(1);
    }
}

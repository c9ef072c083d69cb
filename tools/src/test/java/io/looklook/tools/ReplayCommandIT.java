package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.order.CloseOrderRequested;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ReplayCommandIT extends ToolsIT {

    @Test
    void copiesAWindowKeepingKeysValuesAndHeadersAndMarksEachCopy() {
        String[] topics = newTopics("replay", 3, "", "-copy");
        List<Long> offsets = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            offsets.add(sendEvent(topics[0], "HSO-R", closed("HSO-R"), header("eventId", "e" + i)).offset());
        }

        Run run = run("replay", topics[0], "--target", topics[1], "--from", Long.toString(offsets.get(1)), "--to",
                Long.toString(offsets.get(3)));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("copied 2 records from " + topics[0] + " to " + topics[1]);
        List<ConsumerRecord<byte[], byte[]>> originals = readAll(topics[0]);
        List<ConsumerRecord<byte[], byte[]>> copies = readAll(topics[1]);
        assertThat(copies).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ConsumerRecord<byte[], byte[]> copy = copies.get(i);
            ConsumerRecord<byte[], byte[]> original = originals.get(i + 1);
            assertThat(copy.key()).isEqualTo(original.key());
            assertThat(copy.value()).isEqualTo(original.value());
            assertThat(text(copy, "eventId")).isEqualTo("e" + (i + 1));
            assertThat(text(copy, ReplayCommand.SOURCE_HEADER)).isEqualTo(topics[0] + "-" + original.partition() + "@" + original.offset());
            assertThat(Instant.parse(text(copy, ReplayCommand.REPLAYED_AT_HEADER))).isAfter(Instant.now().minusSeconds(60));
            assertThat(text(copy, ReplayCommand.ORIGINAL_TIMESTAMP_HEADER)).isEqualTo(Instant.ofEpochMilli(original.timestamp()).toString());
        }
    }

    @Test
    void keyAndTypeFilterWhatIsCopiedAndADryRunCopiesNothing() {
        String[] topics = newTopics("replay-filter", 3, "", "-copy");
        Instant now = Instant.now();
        sendEvent(topics[0], "HSO-X", closed("HSO-X"));
        sendEvent(topics[0], "HSO-X", new CloseOrderRequested(UUID.randomUUID(), now, "HSO-X", now, now));
        sendEvent(topics[0], "HSO-Y", closed("HSO-Y"));

        Run dry = run("replay", topics[0], "--target", topics[1], "--key", "HSO-X", "--dry-run");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.json()).hasSize(2).allSatisfy(l -> assertThat(l.get("key").asString()).isEqualTo("HSO-X"));
        assertThat(dry.err()).contains("dry run: 2 records");
        assertThat(readAll(topics[1])).isEmpty();

        assertThat(run("replay", topics[0], "--target", topics[1], "--key", "HSO-X", "--type", "OrderClosed").exitCode()).isZero();
        assertThat(readAll(topics[1])).singleElement()
                .satisfies(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("HSO-X"));
    }

    @Test
    void anUnknownTargetIsAClearErrorAndNothingIsRead() {
        String topic = newTopic("replay-unknown", 1);
        sendEvent(topic, "HSO-U", closed("HSO-U"));
        Run run = run("replay", topic, "--target", "nowhere-" + UUID.randomUUID());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no topic named 'nowhere-");
        assertThat(run("replay", topic).exitCode()).isEqualTo(2); // --target is required
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, String header) {
        return Arrays.stream(record.headers().toArray()).filter(h -> h.key().equals(header)).reduce((a, b) -> b)
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)).orElse(null);
    }
}

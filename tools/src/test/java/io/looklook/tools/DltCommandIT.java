package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;

class DltCommandIT extends ToolsIT {

    @Test
    void listShowsEachDeadLetterWithItsOriginAndException() {
        String[] topics = newTopics("dlt-list", 2, "", "-dlt");
        RecordMetadata dead = deadLetter(topics, "HSO-D1", encodeClosed("HSO-D1"), 5, "order HSO-D1: payment state unknown");
        deadLetter(topics, "HSO-D2", "{\"poison\":true}".getBytes(StandardCharsets.UTF_8), 9, "poison record");

        Run run = run("dlt", "list", topics[1]);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("2 dead letter(s)");
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).contains(topics[1]).contains(dead.partition() + "@" + dead.offset())
                .contains(topics[0] + "-1@5").contains("OrderClosed").contains("order HSO-D1: payment state unknown"));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).contains(topics[0] + "-1@9").contains("(undecodable)").contains("poison record"));
        assertThat(run("dlt", "list").out()).contains(topics[1]); // every dead-letter topic when none is named
    }

    @Test
    void showPrintsTheDecodedRecordWithTheExceptionHeaders() {
        String[] topics = newTopics("dlt-show", 1, "", "-dlt");
        RecordMetadata dead = deadLetter(topics, "HSO-S", encodeClosed("HSO-S"), 3, "boom");

        Run run = run("dlt", "show", topics[1], dead.partition() + "@" + dead.offset());

        assertThat(run.exitCode()).isZero();
        JsonNode line = run.json().get(0);
        assertThat(line.get("type").asString()).isEqualTo("OrderClosed");
        assertThat(line.get("value").get("sn").asString()).isEqualTo("HSO-S");
        assertThat(line.get("headers").get(KafkaHeaders.DLT_EXCEPTION_MESSAGE).asString()).isEqualTo("boom");
        assertThat(line.get("headers").get(KafkaHeaders.DLT_ORIGINAL_OFFSET).asString()).isEqualTo("3");
        assertThat(line.get("headers").get(KafkaHeaders.DLT_ORIGINAL_TOPIC).asString()).isEqualTo(topics[0]);
        Run missing = run("dlt", "show", topics[1], "0@99");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("not all of 0@99 are in " + topics[1]);
    }

    @Test
    void redriveSendsChosenDeadLettersBackToTheirTopicWithoutTheDltHeaders() {
        String[] topics = newTopics("dlt-redrive", 2, "", "-dlt");
        RecordMetadata first = deadLetter(topics, "HSO-R1", encodeClosed("HSO-R1"), 1, "first");
        deadLetter(topics, "HSO-R2", encodeClosed("HSO-R2"), 2, "second");
        String chosen = first.partition() + "@" + first.offset();

        Run dry = run("dlt", "redrive", topics[1], chosen, "--dry-run");
        assertThat(dry.out()).contains("would send " + topics[1] + " " + chosen + " (key HSO-R1) to " + topics[0]);
        assertThat(readAll(topics[0])).isEmpty();

        Run run = run("dlt", "redrive", topics[1], chosen);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("sent back 1 dead letter(s)");
        assertThat(readAll(topics[0])).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("HSO-R1");
            assertThat(r.value()).isEqualTo(encodeClosedBytes.get("HSO-R1"));
            assertThat(headerKeys(r)).contains("eventId", DltCommand.REDRIVEN_FROM_HEADER, DltCommand.REDRIVEN_AT_HEADER)
                    .noneMatch(k -> k.startsWith("kafka_dlt-"));
        });
    }

    @Test
    void redriveNeedsAChoiceAndSendsNothingWhenOneIsMissing() {
        String[] topics = newTopics("dlt-choice", 1, "", "-dlt");
        RecordMetadata dead = deadLetter(topics, "HSO-C", encodeClosed("HSO-C"), 1, "x");

        assertThat(run("dlt", "redrive", topics[1]).exitCode()).isEqualTo(2);
        Run missing = run("dlt", "redrive", topics[1], dead.partition() + "@" + dead.offset(), "0@42");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(readAll(topics[0])).isEmpty();
        Run notADlt = run("dlt", "list", topics[0]);
        assertThat(notADlt.exitCode()).isEqualTo(1);
        assertThat(notADlt.err()).contains("is not a dead-letter topic");
    }

    private final java.util.Map<String, byte[]> encodeClosedBytes = new java.util.HashMap<>();

    private byte[] encodeClosed(String sn) {
        // the bytes a service would have written: encoded once through the registry, by way of a scratch topic
        String scratch = newTopic("dlt-scratch", 1);
        sendEvent(scratch, sn, closed(sn));
        byte[] bytes = readAll(scratch).get(0).value();
        encodeClosedBytes.put(sn, bytes);
        return bytes;
    }

    /** A dead letter as spring-kafka's DeadLetterPublishingRecoverer writes it: same key and value, kafka_dlt-* headers. */
    private static RecordMetadata deadLetter(String[] topics, String key, byte[] value, long originalOffset, String exception) {
        Header[] headers = {
                header("eventId", "ev-" + key),
                header(KafkaHeaders.DLT_ORIGINAL_TOPIC, topics[0]),
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(1).array()),
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(originalOffset).array()),
                header(KafkaHeaders.DLT_EXCEPTION_FQCN, "io.looklook.platform.kafka.PoisonEventException"),
                header(KafkaHeaders.DLT_EXCEPTION_MESSAGE, exception)};
        return sendRaw(topics[1], key, value, headers);
    }

    private static List<String> headerKeys(ConsumerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(Header::key).toList();
    }
}

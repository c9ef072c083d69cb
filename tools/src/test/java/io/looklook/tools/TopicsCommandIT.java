package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.testsupport.TestInfra;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class TopicsCommandIT extends ToolsIT {

    @Test
    void listsTopicsWithPartitionsAndRecordsAndEachGroupsLag() {
        String topic = newTopic("topics", 2);
        String empty = newTopic("topics-empty", 3);
        for (int i = 0; i < 5; i++) {
            sendEvent(topic, "HSO-T" + i, closed("HSO-T" + i));
        }
        String group = "topics-it-" + UUID.randomUUID();
        // the group has read 1 record of partition 0 and none of partition 1: its lag is the other 4
        long onPartition0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers(), "group.id", group), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            onPartition0 = consumer.endOffsets(java.util.List.of(new TopicPartition(topic, 0))).get(new TopicPartition(topic, 0));
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(Math.min(1, onPartition0)),
                    new TopicPartition(topic, 1), new OffsetAndMetadata(0)));
        }

        Run run = run("topics");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly(topic, "2", "5"));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly(empty, "3", "0"));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l.split("\\s+"))
                .containsExactly(group, "Empty", "0", topic, Long.toString(5 - Math.min(1, onPartition0))));
        assertThat(run.lines()).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("order.events", "6"));
    }

    @Test
    void leavesKafkaStreamsInternalTopicsOutUnlessAskedFor() {
        String[] topics = newTopics("looklook-delay-scheduler-it", 1, "", "-by-id-changelog", "-by-due-repartition");

        Run plain = run("topics");
        Run all = run("topics", "--internal");

        assertThat(plain.exitCode()).isZero();
        assertThat(plain.lines()).anySatisfy(l -> assertThat(l.split("\\s+")[0]).isEqualTo(topics[0]))
                .noneSatisfy(l -> assertThat(l).contains(topics[1]))
                .noneSatisfy(l -> assertThat(l).contains(topics[2]))
                .anySatisfy(l -> assertThat(l).matches("\\(\\d+ internal topics not shown: --internal lists them\\)"));
        assertThat(all.exitCode()).isZero();
        assertThat(all.lines()).anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly(topics[1], "1", "0"))
                .anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly(topics[2], "1", "0"))
                .noneSatisfy(l -> assertThat(l).contains("not shown"));
    }
}

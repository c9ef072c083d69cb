package io.looklook.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.testsupport.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ResetGroupCommandIT extends ToolsIT {

    @Test
    void refusesWhileTheGroupHasMembersThenPlansThenApplies() throws Exception {
        String topic = newTopic("reset", 2);
        for (int i = 0; i < 6; i++) {
            sendEvent(topic, "HSO-G" + i, closed("HSO-G" + i));
        }
        String group = "reset-it-" + UUID.randomUUID();
        try (KafkaConsumer<byte[], byte[]> member = consumer(group)) {
            member.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            member.seekToEnd(member.assignment());
            member.assignment().forEach(member::position);
            member.commitSync();

            Run refused = run("reset-group", group, "--to", "earliest", "--execute");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("group '" + group + "' has 1 active member(s)").contains("stop its service first");
        }
        assertThat(committedTotal(group)).isEqualTo(6);

        Run plan = run("reset-group", group, "--to", "earliest");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out()).contains("dry run: nothing changed");
        assertThat(plan.lines()).filteredOn(l -> l.startsWith(group)).hasSize(2)
                .allSatisfy(l -> assertThat(l.split("\\s+")[4]).isEqualTo("0"));
        assertThat(committedTotal(group)).isEqualTo(6);

        Run applied = run("reset-group", group, "--to", "earliest", "--execute");
        assertThat(applied.exitCode()).isZero();
        assertThat(applied.out()).contains("re-pointed on 2 partition(s)");
        assertThat(committedTotal(group)).isZero();

        assertThat(run("reset-group", group, "--to", "latest", "--execute").exitCode()).isZero();
        assertThat(committedTotal(group)).isEqualTo(6);
        assertThat(run("reset-group", group, "--to", Instant.now().plusSeconds(3600).toString(), "--execute").exitCode()).isZero();
        assertThat(committedTotal(group)).isEqualTo(6); // nothing at or after that time: the end
        assertThat(run("reset-group", group, "--to", "1", "--execute").exitCode()).isZero();
        long partitionsWithRecords;
        try (KafkaConsumer<byte[], byte[]> reader = consumer("unused")) {
            partitionsWithRecords = reader.endOffsets(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)))
                    .values().stream().filter(end -> end > 0).count();
        }
        assertThat(committedTotal(group)).isEqualTo(partitionsWithRecords); // offset 1 in each, or 0 where there is none
    }

    @Test
    void anUnknownGroupOrTopicIsAClearErrorAndAMissingTargetAUsageError() {
        Run unknown = run("reset-group", "no-such-group-" + UUID.randomUUID(), "--to", "earliest");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no consumer group named 'no-such-group-");
        assertThat(run("reset-group", "some-group").exitCode()).isEqualTo(2);
        assertThat(run("reset-group", "some-group", "--to", "sometime").exitCode()).isEqualTo(2);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers(), "group.id", group,
                "enable.auto.commit", false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long committedTotal(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}

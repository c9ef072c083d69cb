package io.looklook.platform;

import io.looklook.testsupport.TestInfra;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Where a topic ends and how far a group has committed (partition 0), to know a consumer has caught up. */
public final class KafkaOffsets {

    private KafkaOffsets() {
    }

    public static long endOffset(String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long committed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(new TopicPartition(topic, 0));
            return committed == null ? 0 : committed.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

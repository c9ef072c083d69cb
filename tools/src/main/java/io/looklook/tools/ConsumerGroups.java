package io.looklook.tools;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** The consumer groups the broker knows (services' listeners and Kafka Streams apps alike), read through the admin API. */
final class ConsumerGroups {

    private final Admin admin;

    ConsumerGroups(Admin admin) {
        this.admin = admin;
    }

    /** Every consumer group's id, sorted. */
    List<String> ids() throws InterruptedException, ExecutionException {
        return admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream().map(GroupListing::groupId).sorted().toList();
    }

    /** The group's description, or a clear failure if the broker knows no such group. */
    ConsumerGroupDescription describe(String group) throws InterruptedException {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            if (description.groupState() == GroupState.DEAD && committed(group).isEmpty()) {
                throw unknown(group);
            }
            return description;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw unknown(group);
            }
            throw new ToolFailure("cannot describe group '" + group + "': " + e.getCause());
        }
    }

    /** The group's committed offsets, by partition. */
    Map<TopicPartition, OffsetAndMetadata> committed(String group) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            offsets.values().removeIf(Objects::isNull);
            return offsets;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                throw unknown(group);
            }
            throw new ToolFailure("cannot read the offsets of group '" + group + "': " + e.getCause());
        }
    }

    private static ToolFailure unknown(String group) {
        return new ToolFailure("no consumer group named '" + group + "' (see: looklook topics)");
    }
}

package io.looklook.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code reset-group <group> --to <position>}: re-points a stopped consumer group so its service re-consumes history.
 * Refuses while the group has members (their next commit would undo the reset, and they would not re-read anyway);
 * prints the plan and changes nothing unless {@code --execute}.
 */
@Command(name = "reset-group", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-point a stopped consumer group's committed offsets, so its service re-consumes from there.",
                "Refuses while the group has active members. Prints the plan; changes nothing without --execute."})
final class ResetGroupCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GROUP", description = "the consumer group (see: looklook topics)")
    String group;

    @Option(names = "--to", required = true, paramLabel = "POSITION", converter = PositionConverter.class,
            description = "earliest, latest, an ISO-8601 time (first record at or after it) or an offset")
    Position to;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "only these topics (repeatable; default: every topic the group has offsets on)")
    List<String> topics;

    @Option(names = "--execute", description = "apply the plan (default: dry run)")
    boolean execute;

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = cluster.admin(); KafkaConsumer<byte[], byte[]> consumer = cluster.reader(true)) {
            ConsumerGroups groups = new ConsumerGroups(admin);
            ConsumerGroupDescription description = groups.describe(group);
            if (!description.members().isEmpty()) {
                throw new ToolFailure("group '" + group + "' has " + description.members().size() + " active member(s) ("
                        + description.members().stream().map(m -> m.clientId() + "@" + m.host()).distinct().sorted()
                        .collect(Collectors.joining(", ")) + "): stop its service first");
            }
            Map<TopicPartition, OffsetAndMetadata> committed = groups.committed(group);
            List<TopicPartition> partitions = partitionsToReset(committed, new LogReader(consumer));
            if (partitions.isEmpty()) {
                throw new ToolFailure("group '" + group + "' has no committed offsets" + (topics == null ? "" : " on " + topics)
                        + "; name a topic with --topic");
            }
            Map<TopicPartition, Long> target = to.resolve(consumer, partitions);
            out.printf("%-28s  %-22s  %9s  %12s  %12s%n", "GROUP", "TOPIC", "PARTITION", "CURRENT", "NEW");
            Map<TopicPartition, OffsetAndMetadata> plan = new HashMap<>();
            for (TopicPartition p : partitions) {
                OffsetAndMetadata current = committed.get(p);
                out.printf("%-28s  %-22s  %9d  %12s  %12d%n", group, p.topic(), p.partition(),
                        current == null ? "-" : Long.toString(current.offset()), target.get(p));
                plan.put(p, new OffsetAndMetadata(target.get(p)));
            }
            if (!execute) {
                out.println("dry run: nothing changed; add --execute to apply");
                return 0;
            }
            admin.alterConsumerGroupOffsets(group, plan).all().get();
            out.println("group '" + group + "' re-pointed on " + plan.size() + " partition(s)");
        }
        return 0;
    }

    private List<TopicPartition> partitionsToReset(Map<TopicPartition, OffsetAndMetadata> committed, LogReader reader) {
        List<TopicPartition> result = new ArrayList<>();
        if (topics == null) {
            result.addAll(committed.keySet());
        } else {
            for (String topic : topics) {
                result.addAll(reader.partitions(topic)); // every partition: one the group never committed on is re-pointed too
            }
        }
        result.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return result;
    }
}

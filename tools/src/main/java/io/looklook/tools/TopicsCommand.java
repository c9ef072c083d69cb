package io.looklook.tools;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code topics}: what the log holds and who is behind on it. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Every topic with its partitions and records, then every consumer group's lag on each topic it reads.",
                "RECORDS counts offsets still held (end - start): on topics written in transactions, commit markers take",
                "offsets too. LAG is what a group has not consumed yet (end - committed, summed over partitions).",
                "Internal topics (the delay-scheduler's state store changelogs and repartition topics: Kafka Streams' own,",
                "not decodable through the registry) are left out unless --internal is given."})
final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Option(names = "--internal", description = "also list Kafka Streams' internal topics (*-changelog, *-repartition)")
    boolean internal;

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = cluster.admin()) {
            Set<String> names = new TreeSet<>(admin.listTopics().names().get());
            int hidden = 0;
            if (!internal) {
                int all = names.size();
                names.removeIf(TopicsCommand::isStreamsInternal);
                hidden = all - names.size();
            }
            Collection<TopicDescription> topics = new TreeMap<>(admin.describeTopics(names).allTopicNames().get()).values();
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition()))));
            Map<TopicPartition, Long> start = offsets(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());

            int topicWidth = Math.max(5, topics.stream().mapToInt(t -> t.name().length()).max().orElse(0));
            String topicRow = "%-" + topicWidth + "s  %10s  %12s%n";
            out.printf(topicRow, "TOPIC", "PARTITIONS", "RECORDS");
            for (TopicDescription t : topics) {
                long records = t.partitions().stream().mapToLong(p -> {
                    TopicPartition tp = new TopicPartition(t.name(), p.partition());
                    return end.get(tp) - start.get(tp);
                }).sum();
                out.printf(topicRow, t.name(), t.partitions().size(), records);
            }
            if (hidden > 0) {
                out.printf("(%d internal topic%s not shown: --internal lists them)%n", hidden, hidden == 1 ? "" : "s");
            }

            out.println();
            ConsumerGroups groups = new ConsumerGroups(admin);
            List<String> ids = groups.ids();
            int groupWidth = Math.max(5, ids.stream().mapToInt(String::length).max().orElse(0));
            String groupRow = "%-" + groupWidth + "s  %-20s  %7s  %-" + topicWidth + "s  %10s%n";
            out.printf(groupRow, "GROUP", "STATE", "MEMBERS", "TOPIC", "LAG");
            for (String group : ids) {
                ConsumerGroupDescription description = groups.describe(group);
                Map<String, Long> lagByTopic = new TreeMap<>();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> c : groups.committed(group).entrySet()) {
                    Long topicEnd = end.get(c.getKey());
                    if (topicEnd != null) {
                        lagByTopic.merge(c.getKey().topic(), Math.max(0, topicEnd - c.getValue().offset()), Long::sum);
                    }
                }
                if (lagByTopic.isEmpty()) {
                    out.printf(groupRow, group, description.groupState(), description.members().size(), "-", "-");
                }
                lagByTopic.forEach((topic, lag) -> out.printf(groupRow, group, description.groupState(),
                        description.members().size(), topic, lag));
            }
        }
        out.flush();
        return 0;
    }

    /** Kafka Streams names its own topics {@code <application.id>-<store or node>-changelog|repartition}. */
    static boolean isStreamsInternal(String topic) {
        return topic.endsWith("-changelog") || topic.endsWith("-repartition");
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, spec));
        Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(query,
                new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        Map<TopicPartition, Long> result = new HashMap<>();
        found.forEach((p, info) -> result.put(p, info.offset()));
        return result;
    }
}

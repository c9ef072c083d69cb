package io.looklook.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** One line of {@code looklook/topics.txt}: a topic, its partition count, cleanup policy and whether it has a DLT. */
public record TopicDeclaration(String name, int partitions, String cleanupPolicy, boolean hasDeadLetterTopic) {

    public static final String DLT_SUFFIX = "-dlt";
    private static final String RESOURCE = "looklook/topics.txt";

    public TopicDeclaration {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
        }
        if (!cleanupPolicy.equals(TopicConfig.CLEANUP_POLICY_COMPACT) && !cleanupPolicy.equals(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new IllegalArgumentException("topic " + name + ": cleanup must be compact or delete, got " + cleanupPolicy);
        }
    }

    /** Every declared topic, in file order. */
    public static List<TopicDeclaration> all() {
        try (InputStream in = TopicDeclaration.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<TopicDeclaration> parse(List<String> lines) {
        List<TopicDeclaration> topics = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException("bad topic line (want: name partitions cleanup dlt): " + raw);
            }
            topics.add(new TopicDeclaration(f[0], Integer.parseInt(f[1]), f[2], f[3].equals("yes")));
        }
        return topics;
    }

    /**
     * The topic and, if declared, its dead-letter topic, ready for {@code Admin.createTopics}, with
     * {@link #minInsyncReplicas} for the replication factor.
     */
    public List<NewTopic> toNewTopics(short replicationFactor) {
        String minInsync = String.valueOf(minInsyncReplicas(replicationFactor));
        List<NewTopic> result = new ArrayList<>();
        result.add(new NewTopic(name, partitions, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)));
        if (hasDeadLetterTopic) {
            result.add(new NewTopic(name + DLT_SUFFIX, partitions, replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync)));
        }
        return result;
    }

    /**
     * With acks=all, a write is acknowledged once this many replicas have it: 2 of 3 (or more) survives the loss of any
     * one broker without losing an acknowledged record and keeps taking writes while one is down; below 3 replicas
     * there is no such choice (2 of 2 would stop every write when one broker is away).
     */
    public static int minInsyncReplicas(short replicationFactor) {
        return replicationFactor >= 3 ? 2 : 1;
    }
}

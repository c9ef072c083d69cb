package io.looklook.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Writes {@code deploy/k8s/base/kafka-topics.yaml}: one Strimzi {@code KafkaTopic} per topic of {@code topics.txt} (and
 * per {@code -dlt}), so the Kubernetes manifests keep {@code topics.txt} as the one declaration. Its settings come
 * from {@link TopicDeclaration#toNewTopics}, the same that {@code TopicProvisioner} creates locally; a test
 * (KubernetesManifestsTest) fails when the committed file differs from what this writes.
 *
 * <p>Run from the root: {@code ./mvnw -pl infra compile org.codehaus.mojo:exec-maven-plugin:3.7.0:java
 * -Dexec.mainClass=io.looklook.infra.KafkaTopicManifests} (writes {@value #DEFAULT_FILE}; an argument names another file).
 */
public final class KafkaTopicManifests {

    public static final String DEFAULT_FILE = "deploy/k8s/base/kafka-topics.yaml";
    /** the Strimzi {@code Kafka} resource (deploy/k8s/base/kafka.yaml) the topic operator manages these for */
    public static final String CLUSTER = "looklook";
    /** production: 3 replicas, so min.insync.replicas 2 (the local overlay patches both down to 1) */
    public static final short REPLICAS = 3;

    private KafkaTopicManifests() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : DEFAULT_FILE);
        Files.writeString(file, render(TopicDeclaration.all()), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath());
    }

    /** The YAML text: written by hand rather than by a YAML library, so the file stays stable and readable. */
    public static String render(List<TopicDeclaration> topics) {
        StringBuilder out = new StringBuilder()
                .append("# GENERATED from infra/src/main/resources/looklook/topics.txt by io.looklook.infra.KafkaTopicManifests:\n")
                .append("# do not edit; change topics.txt and regenerate (deploy/k8s/README.md).\n");
        Map<String, String> namesSeen = new HashMap<>();
        for (TopicDeclaration declaration : topics) {
            for (NewTopic topic : declaration.toNewTopics(REPLICAS)) {
                String name = resourceName(topic.name());
                String clash = namesSeen.putIfAbsent(name, topic.name());
                if (clash != null) {
                    throw new IllegalArgumentException("topics " + clash + " and " + topic.name() + " both become resource " + name);
                }
                out.append("---\n")
                        .append("apiVersion: kafka.strimzi.io/v1beta2\n")
                        .append("kind: KafkaTopic\n")
                        .append("metadata:\n")
                        .append("  name: ").append(name).append('\n')
                        .append("  labels:\n")
                        .append("    strimzi.io/cluster: ").append(CLUSTER).append('\n')
                        .append("    app.kubernetes.io/part-of: looklook\n")
                        .append("spec:\n")
                        .append("  topicName: ").append(topic.name()).append('\n')
                        .append("  partitions: ").append(topic.numPartitions()).append('\n')
                        .append("  replicas: ").append(topic.replicationFactor()).append('\n')
                        .append("  config:\n");
                // sorted, so the file does not depend on the map's order
                topic.configs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out
                        .append("    ").append(e.getKey()).append(": \"").append(e.getValue()).append("\"\n"));
            }
        }
        return out.toString();
    }

    /** A Kubernetes name (DNS subdomain, no dots kept so it is also a valid label value); spec.topicName keeps the real one. */
    static String resourceName(String topic) {
        return topic.toLowerCase(java.util.Locale.ROOT).replace('.', '-').replace('_', '-');
    }
}

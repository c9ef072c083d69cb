package io.looklook.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates every declared topic (and its DLT) that does not exist yet; fails if an existing topic has fewer
 * partitions than declared, since per-key ordering depends on the count never changing behind the services' back.
 * Run by {@code infra/stack up}: {@code java -cp ... io.looklook.infra.TopicProvisioner <bootstrap> [replicas] [client.properties]}.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        // the replication factor: 1 on the single local broker, 3 on a cluster (min.insync.replicas follows)
        short replication = args.length > 1 ? Short.parseShort(args[1]) : 1;
        // a Kafka client properties file (TLS, SASL), as the Kafka CLI's --command-config
        Map<String, Object> client = args.length > 2 ? clientConfig(java.nio.file.Path.of(args[2])) : Map.of();
        List<String> created = provision(bootstrap, TopicDeclaration.all(), replication, client);
        System.out.println(created.isEmpty() ? "topics: all present" : "topics: created " + created);
    }

    public static List<String> provision(String bootstrap, List<TopicDeclaration> declarations, short replication)
            throws InterruptedException, ExecutionException {
        return provision(bootstrap, declarations, replication, Map.of());
    }

    public static List<String> provision(String bootstrap, List<TopicDeclaration> declarations, short replication,
                                         Map<String, Object> clientConfig) throws InterruptedException, ExecutionException {
        Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (TopicDeclaration declaration : declarations) {
                for (NewTopic topic : declaration.toNewTopics(replication)) {
                    if (existing.contains(topic.name())) {
                        present.add(topic.name());
                    } else {
                        missing.add(topic);
                    }
                }
            }
            checkPartitions(admin, declarations, present);
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            return missing.stream().map(NewTopic::name).toList();
        }
    }

    private static void checkPartitions(Admin admin, List<TopicDeclaration> declarations, List<String> present)
            throws InterruptedException, ExecutionException {
        if (present.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get();
        for (TopicDeclaration declaration : declarations) {
            for (NewTopic topic : declaration.toNewTopics((short) 1)) {
                TopicDescription actual = described.get(topic.name());
                if (actual != null && actual.partitions().size() < declaration.partitions()) {
                    throw new IllegalStateException("topic " + topic.name() + " has " + actual.partitions().size()
                            + " partitions, declared " + declaration.partitions());
                }
            }
        }
    }

    private static Map<String, Object> clientConfig(java.nio.file.Path file) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, Object> config = new java.util.HashMap<>();
        properties.forEach((name, value) -> config.put((String) name, value));
        return config;
    }
}

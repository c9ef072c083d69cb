package io.looklook.tools;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Option;

/**
 * Where the broker and the registry are, and how to reach them (client security settings, registry credentials):
 * flags, else environment, else the local stack's addresses.
 */
public final class ClusterOptions {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:LOOKLOOK_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env LOOKLOOK_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--registry", paramLabel = "URL", defaultValue = "${env:LOOKLOOK_REGISTRY_URL:-http://127.0.0.1:8085}",
            description = "schema registry base URL (env LOOKLOOK_REGISTRY_URL; default: ${DEFAULT-VALUE})")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE", defaultValue = "${env:LOOKLOOK_KAFKA_CONFIG}",
            description = "Kafka client properties for every client of the command (TLS, SASL), as the Kafka CLI's "
                    + "--command-config (env LOOKLOOK_KAFKA_CONFIG)")
    java.nio.file.Path commandConfig;

    @Option(names = "--registry-auth", paramLabel = "USER:PASSWORD", defaultValue = "${env:LOOKLOOK_REGISTRY_AUTH}",
            description = "HTTP Basic credentials for the schema registry (env LOOKLOOK_REGISTRY_AUTH)")
    String registryAuth;

    public Admin admin() {
        Map<String, Object> config = shortLived();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        return Admin.create(config);
    }

    /**
     * What every client of a short command needs: the brokers, and no JMX metrics reporter or client telemetry, which
     * a command that runs for a second has no use for and which cost a noticeable part of its start-up.
     */
    Map<String, Object> shortLived() {
        Map<String, Object> config = new HashMap<>();
        if (commandConfig != null) {
            java.util.Properties file = new java.util.Properties();
            try (java.io.Reader in = java.nio.file.Files.newBufferedReader(commandConfig)) {
                file.load(in);
            } catch (java.io.IOException e) {
                throw new ToolFailure("cannot read --command-config " + commandConfig + ": " + e.getMessage());
            }
            file.forEach((name, value) -> config.put((String) name, value));
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
        config.put(CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "looklook-tools");
        return config;
    }

    /**
     * A consumer of raw bytes without a group (partitions are assigned, nothing is committed): reading never moves a
     * service's offsets. {@code committedOnly}: see what consumers see (aborted transactions hidden).
     */
    public KafkaConsumer<byte[], byte[]> reader(boolean committedOnly) {
        Map<String, Object> config = shortLived();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An idempotent producer of raw bytes: copies records as they are. */
    public KafkaProducer<byte[], byte[]> writer() {
        Map<String, Object> config = shortLived();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public EventDecoder decoder() {
        return new EventDecoder(registryUrl, registryAuth);
    }

    /** The registry's Authorization header for {@code basicAuth} ({@code user:password}), or null without one. */
    static String registryAuthorization(String basicAuth) {
        return basicAuth == null || basicAuth.isBlank() ? null
                : "Basic " + java.util.Base64.getEncoder().encodeToString(basicAuth.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The topic's description, or a clear failure if it does not exist. */
    public static TopicDescription describe(Admin admin, String topic) throws InterruptedException {
        try {
            return admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ToolFailure("no topic named '" + topic + "' (see: looklook topics)");
            }
            throw new ToolFailure("cannot describe topic '" + topic + "': " + e.getCause());
        }
    }
}

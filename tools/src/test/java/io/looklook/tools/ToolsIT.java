package io.looklook.tools;

import io.looklook.order.OrderClosed;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tools' tests: the real broker and registry of {@link TestInfra}, topics of each test's own, records
 * produced as the services do (Avro through the registry) or deliberately broken, and the command line run in-process
 * with its output captured.
 */
abstract class ToolsIT {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Serializer<Object> AVRO = AvroSerdes.valueSerializer(TestInfra.get().registryUrl());
    private static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(Map.of("bootstrap.servers",
            TestInfra.get().bootstrapServers()), new StringSerializer(), new ByteArraySerializer());

    /** What a command printed and returned. */
    record Run(int exitCode, String out, String err) {

        List<String> lines() {
            return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
        }

        List<JsonNode> json() {
            return lines().stream().map(JSON::readTree).toList();
        }
    }

    /** Runs {@code looklook <args>} against the test broker and registry. */
    protected static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.isEmpty() && !all.get(0).equals("token") && !all.get(0).equals("help") && !all.contains("--help")) {
            all.add("--bootstrap-servers=" + TestInfra.get().bootstrapServers());
            all.add("--registry=" + TestInfra.get().registryUrl());
        }
        int code = LooklookCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** A new topic only this test writes to. */
    protected static String newTopic(String prefix, int partitions) {
        return newTopics(prefix, partitions, "")[0];
    }

    /** New topics named {@code <prefix>-<random><suffix>} for each suffix, e.g. "" and "-dlt". */
    protected static String[] newTopics(String prefix, int partitions, String... suffixes) {
        String base = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String[] names = new String[suffixes.length];
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < suffixes.length; i++) {
            names[i] = base + suffixes[i];
            topics.add(new NewTopic(names[i], partitions, (short) 1));
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    protected static RecordMetadata sendEvent(String topic, String key, Object event, Header... headers) {
        return sendRaw(topic, key, AVRO.serialize(topic, event), headers);
    }

    /** An event with an explicit record timestamp, as an old record of a long-lived log has. */
    protected static RecordMetadata sendEventAt(String topic, String key, Object event, Instant timestamp) {
        try {
            return PRODUCER.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, AVRO.serialize(topic, event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static RecordMetadata sendRaw(String topic, String key, byte[] value, Header... headers) {
        try {
            return PRODUCER.send(new ProducerRecord<>(topic, null, key, value, List.of(headers))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    protected static OrderClosed closed(String sn) {
        return new OrderClosed(UUID.randomUUID(), Instant.now(), sn, 7L, io.looklook.order.CloseReason.TIMEOUT);
    }

    /** Every record now on {@code topic}, read raw. */
    protected static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                TestInfra.get().bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}

package io.looklook.tools;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tail <topic>}: records decoded through the registry, one JSON line each. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a topic's records as JSON lines: topic, partition, offset, timestamp, key, headers, type, value.",
                "A record that does not decode is printed with \"undecodable\" (why) and its bytes in base64.",
                "Reads without a consumer group: nobody's offsets move."})
final class TailCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "the topic to read")
    String topic;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "earliest", converter = PositionConverter.class,
            description = "earliest, latest, an ISO-8601 time or an offset (inclusive; default: ${DEFAULT-VALUE})")
    Position from;

    @Option(names = "--to", paramLabel = "POSITION", converter = PositionConverter.class,
            description = "earliest, latest, an ISO-8601 time or an offset (exclusive; default: latest, or none with --follow)")
    Position to;

    @Option(names = "--key", description = "only records with this key (reads only the partition it maps to)")
    String key;

    @Option(names = "--type", description = "only events of this type (simple name such as OrderCreated, or full name)")
    String type;

    @Option(names = "--partition", description = "only this partition")
    Integer partition;

    @Option(names = "--limit", defaultValue = "-1", description = "stop after this many printed records")
    long limit;

    @Option(names = {"-f", "--follow"}, description = "keep printing new records until interrupted")
    boolean follow;

    @Option(names = "--include-aborted", description = "also show records of aborted transactions (read_uncommitted)")
    boolean includeAborted;

    @Override
    public Integer call() {
        if (follow && to != null) {
            throw new ParameterException(spec.commandLine(), "--follow and --to exclude each other");
        }
        EventFilter filter = new EventFilter(key, type);
        EventDecoder decoder = cluster.decoder();
        long[] printed = {0};
        PrintWriter stdout = spec.commandLine().getOut();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.reader(!includeAborted);
             RecordJson out = new RecordJson(stdout)) {
            LogReader reader = new LogReader(consumer);
            List<TopicPartition> partitions = select(reader.partitions(topic));
            reader.read(partitions, from, follow ? null : (to == null ? new Position.Latest() : to), record -> {
                if (!filter.keyMatches(record)) {
                    return true;
                }
                EventDecoder.Decoded decoded = decoder.decode(record.value());
                if (!filter.typeMatches(decoded)) {
                    return true;
                }
                out.write(record, decoded);
                printed[0]++;
                if (follow || printed[0] % 1_000 == 0) {
                    out.flush();
                    if (stdout.checkError()) {
                        return false; // the reader went away (| head): stop instead of reading on for nobody
                    }
                }
                return limit < 0 || printed[0] < limit;
            });
        }
        return 0;
    }

    private List<TopicPartition> select(List<TopicPartition> all) {
        if (partition != null && (partition < 0 || partition >= all.size())) {
            throw new ToolFailure("topic '" + topic + "' has partitions 0.." + (all.size() - 1) + ", not " + partition);
        }
        int keyPartition = key == null ? -1 : LogReader.partitionOf(key.getBytes(StandardCharsets.UTF_8), all.size());
        return all.stream().filter(p -> partition == null || p.partition() == partition)
                .filter(p -> keyPartition < 0 || p.partition() == keyPartition).toList();
    }

    /** Applies --key and --type; a record's key is compared (as bytes) before its value is decoded: cheap first. */
    static final class EventFilter {

        private final byte[] key;
        private final String type;

        EventFilter(String key, String type) {
            this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            this.type = type;
        }

        boolean keyMatches(ConsumerRecord<byte[], byte[]> record) {
            return key == null || Arrays.equals(key, record.key());
        }

        boolean typeMatches(EventDecoder.Decoded decoded) {
            return type == null || type.equals(decoded.simpleType()) || type.equals(decoded.type());
        }
    }
}

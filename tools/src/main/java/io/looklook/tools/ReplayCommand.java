package io.looklook.tools;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code replay <topic> --target <topic>}: copies a window of a topic, byte for byte (key, value, headers), adding
 * headers that say where each copy came from. Consumers de-duplicate by eventId, so replaying events into a topic
 * they already read changes nothing; into a scratch topic, it lets a new consumer be tried on real history.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy a window of a topic into a target topic, keeping keys, values and headers, and adding",
                "looklook-replay-source (topic-partition@offset) and looklook-replay-at (time of the copy) to each copy."})
final class ReplayCommand implements Callable<Integer> {

    static final String SOURCE_HEADER = "looklook-replay-source";
    static final String REPLAYED_AT_HEADER = "looklook-replay-at";
    static final String ORIGINAL_TIMESTAMP_HEADER = "looklook-replay-original-timestamp";

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "the topic to copy from")
    String source;

    @Option(names = "--target", required = true, paramLabel = "TOPIC", description = "the topic to copy into (must exist)")
    String target;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "earliest", converter = PositionConverter.class,
            description = "earliest, latest, an ISO-8601 time or an offset (inclusive; default: ${DEFAULT-VALUE})")
    Position from;

    @Option(names = "--to", paramLabel = "POSITION", defaultValue = "latest", converter = PositionConverter.class,
            description = "earliest, latest, an ISO-8601 time or an offset (exclusive; default: ${DEFAULT-VALUE})")
    Position to;

    @Option(names = "--key", description = "only records with this key")
    String key;

    @Option(names = "--type", description = "only events of this type (simple or full name)")
    String type;

    @Option(names = "--dry-run", description = "print what would be copied (JSON lines) and copy nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        TailCommand.EventFilter filter = new TailCommand.EventFilter(key, type);
        EventDecoder decoder = cluster.decoder();
        byte[] now = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] chosen = {0};
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.reader(true);
             KafkaProducer<byte[], byte[]> producer = dryRun ? null : cluster.writer();
             RecordJson preview = new RecordJson(spec.commandLine().getOut())) {
            LogReader reader = new LogReader(consumer);
            reader.partitions(target); // fails clearly before anything is read if the target does not exist
            List<TopicPartition> partitions = reader.partitions(source);
            if (key != null) {
                int p = LogReader.partitionOf(key.getBytes(StandardCharsets.UTF_8), partitions.size());
                partitions = partitions.stream().filter(tp -> tp.partition() == p).toList();
            }
            reader.read(partitions, from, to, record -> {
                if (!filter.keyMatches(record)) {
                    return true;
                }
                EventDecoder.Decoded decoded = type == null && !dryRun ? null : decoder.decode(record.value());
                if (decoded != null && !filter.typeMatches(decoded)) {
                    return true;
                }
                chosen[0]++;
                if (dryRun) {
                    preview.write(record, decoded);
                } else {
                    producer.send(copyOf(record, now), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                return failure.get() == null;
            });
            if (producer != null) {
                producer.flush();
            }
        }
        if (failure.get() != null) {
            throw new ToolFailure("copying into " + target + " failed: " + failure.get() + " (records before it may have been copied)");
        }
        if (dryRun) {
            spec.commandLine().getErr().println("dry run: " + chosen[0] + " records of " + source + " would be copied to " + target);
        } else {
            spec.commandLine().getOut().println("copied " + chosen[0] + " records from " + source + " to " + target);
        }
        return 0;
    }

    private ProducerRecord<byte[], byte[]> copyOf(ConsumerRecord<byte[], byte[]> r, byte[] now) {
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(target, null, r.key(), r.value());
        for (Header h : r.headers()) {
            copy.headers().add(h);
        }
        copy.headers().add(SOURCE_HEADER, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        copy.headers().add(REPLAYED_AT_HEADER, now);
        copy.headers().add(ORIGINAL_TIMESTAMP_HEADER, Instant.ofEpochMilli(r.timestamp()).toString().getBytes(StandardCharsets.UTF_8));
        return copy;
    }
}

package io.looklook.tools;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.support.KafkaHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dlt list|show|redrive}: the dead letters the services' error handler wrote to {@code <topic>-dlt} (the
 * record as it was, plus spring-kafka's {@code kafka_dlt-*} headers: original topic, partition, offset, exception).
 */
@Command(name = "dlt", mixinStandardHelpOptions = true,
        description = "Dead letters: list them, show them decoded with their exception, send chosen ones back to their topic.",
        subcommands = {DltCommand.ListDeadLetters.class, DltCommand.ShowDeadLetters.class, DltCommand.Redrive.class})
final class DltCommand {

    static final String SUFFIX = "-dlt";
    static final String REDRIVEN_FROM_HEADER = "looklook-redriven-from";
    static final String REDRIVEN_AT_HEADER = "looklook-redriven-at";

    /** The dead-letter topics: the one named (checked), else all. */
    static List<String> deadLetterTopics(KafkaConsumer<byte[], byte[]> consumer, String named) {
        Map<String, List<PartitionInfo>> all = consumer.listTopics();
        if (named != null) {
            if (!named.endsWith(SUFFIX)) {
                throw new ToolFailure("'" + named + "' is not a dead-letter topic (they end in " + SUFFIX + ")");
            }
            if (!all.containsKey(named)) {
                throw new ToolFailure("no topic named '" + named + "' (see: looklook topics)");
            }
            return List.of(named);
        }
        return all.keySet().stream().filter(t -> t.endsWith(SUFFIX)).sorted().toList();
    }

    /** Reads the chosen dead letters (all of the topics, or the given partition@offset ones) in offset order. */
    static void read(KafkaConsumer<byte[], byte[]> consumer, List<String> topics, Set<String> only,
                     Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        LogReader reader = new LogReader(consumer);
        List<TopicPartition> partitions = new ArrayList<>();
        topics.forEach(t -> partitions.addAll(reader.partitions(t)));
        reader.read(partitions, new Position.Earliest(), new Position.Latest(), record -> {
            if (only.isEmpty() || only.contains(record.partition() + "@" + record.offset())) {
                sink.accept(record);
            }
            return true;
        });
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return HeaderValues.last(record.headers(), key);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per dead letter: where it is, its original place, its type and why it failed.")
    static final class ListDeadLetters implements Callable<Integer> {

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DLT", description = "one dead-letter topic (default: all)")
        String topic;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            EventDecoder decoder = cluster.decoder();
            int[] count = {0};
            try (KafkaConsumer<byte[], byte[]> consumer = cluster.reader(true)) {
                String format = "%-24s  %-10s  %-24s  %-30s  %-22s  %s%n";
                out.printf(format, "DLT", "P@OFFSET", "TIME", "ORIGINAL", "TYPE", "EXCEPTION");
                read(consumer, deadLetterTopics(consumer, topic), Set.of(), r -> {
                    count[0]++;
                    EventDecoder.Decoded decoded = decoder.decode(r.value());
                    String original = header(r, KafkaHeaders.DLT_ORIGINAL_TOPIC) + "-" + header(r, KafkaHeaders.DLT_ORIGINAL_PARTITION)
                            + "@" + header(r, KafkaHeaders.DLT_ORIGINAL_OFFSET);
                    String exception = header(r, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
                    out.printf(format, r.topic(), r.partition() + "@" + r.offset(), Instant.ofEpochMilli(r.timestamp()), original,
                            decoded.undecodable() ? "(undecodable)" : decoded.simpleType(),
                            exception == null ? "" : exception.replace('\n', ' '));
                });
            }
            out.println(count[0] + " dead letter(s)");
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Dead letters as JSON lines: the decoded record with all its headers (exception class, message, stack trace).")
    static final class ShowDeadLetters implements Callable<Integer> {

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DLT", description = "the dead-letter topic")
        String topic;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "PARTITION@OFFSET", description = "only these (default: all)")
        List<String> records = List.of();

        @Override
        public Integer call() {
            EventDecoder decoder = cluster.decoder();
            int[] shown = {0};
            try (KafkaConsumer<byte[], byte[]> consumer = cluster.reader(true);
                 RecordJson out = new RecordJson(spec.commandLine().getOut())) {
                read(consumer, deadLetterTopics(consumer, topic), Set.copyOf(records), r -> {
                    shown[0]++;
                    out.write(r, decoder.decode(r.value()));
                });
            }
            requireAllFound(records, shown[0], topic);
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Send chosen dead letters back to their original topic (from kafka_dlt-original-topic), with their key,",
                    "value and headers (minus the kafka_dlt-* ones), adding looklook-redriven-from and looklook-redriven-at."})
    static final class Redrive implements Callable<Integer> {

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DLT", description = "the dead-letter topic")
        String topic;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "PARTITION@OFFSET", description = "the dead letters to send back")
        List<String> records = List.of();

        @Option(names = "--all", description = "send back every dead letter of the topic")
        boolean all;

        @Option(names = "--dry-run", description = "print what would be sent back, send nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            if (records.isEmpty() == !all) {
                throw new ParameterException(spec.commandLine(),
                        "name the dead letters to send back (PARTITION@OFFSET...) or --all, not both");
            }
            PrintWriter out = spec.commandLine().getOut();
            byte[] now = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
            AtomicReference<Exception> failure = new AtomicReference<>();
            try (KafkaConsumer<byte[], byte[]> consumer = cluster.reader(true)) {
                // all chosen records are found before any is sent: a typo sends nothing
                List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
                read(consumer, deadLetterTopics(consumer, topic), Set.copyOf(records), chosen::add);
                requireAllFound(records, chosen.size(), topic);
                try (KafkaProducer<byte[], byte[]> producer = dryRun ? null : cluster.writer()) {
                    for (ConsumerRecord<byte[], byte[]> r : chosen) {
                        String target = originalTopic(r);
                        out.println((dryRun ? "would send " : "sending ") + topic + " " + r.partition() + "@" + r.offset()
                                + " (key " + key(r) + ") to " + target);
                        if (!dryRun) {
                            producer.send(copyOf(r, target, now), (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                        }
                    }
                    if (producer != null) {
                        producer.flush();
                    }
                }
                if (failure.get() != null) {
                    throw new ToolFailure("sending back failed: " + failure.get());
                }
                out.println((dryRun ? "dry run: would send back " : "sent back ") + chosen.size() + " dead letter(s)");
            }
            return 0;
        }

        private static String originalTopic(ConsumerRecord<byte[], byte[]> r) {
            String target = header(r, KafkaHeaders.DLT_ORIGINAL_TOPIC);
            return target != null ? target : r.topic().substring(0, r.topic().length() - SUFFIX.length());
        }

        private ProducerRecord<byte[], byte[]> copyOf(ConsumerRecord<byte[], byte[]> r, String target, byte[] now) {
            // same key, so the default partitioner puts it where the original was (same partition count)
            ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(target, null, r.key(), r.value());
            for (Header h : r.headers()) {
                if (!h.key().startsWith("kafka_dlt-")) {
                    copy.headers().add(h);
                }
            }
            copy.headers().add(REDRIVEN_FROM_HEADER, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
            copy.headers().add(REDRIVEN_AT_HEADER, now);
            return copy;
        }

        private static String key(ConsumerRecord<byte[], byte[]> r) {
            return r.key() == null ? "none" : new String(r.key(), StandardCharsets.UTF_8);
        }
    }

    private static void requireAllFound(List<String> wanted, int found, String topic) {
        if (!wanted.isEmpty() && found < Set.copyOf(wanted).size()) {
            throw new ToolFailure("not all of " + wanted.stream().collect(Collectors.joining(", ")) + " are in " + topic
                    + " (found " + found + "; see: looklook dlt list " + topic + ")");
        }
    }
}

package io.looklook.tools;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.support.KafkaHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code timeline <orderSn>}: everything that happened to one order, across the topics that carry its events and
 * commands and their dead letters, in time order. Reads one partition per topic: the one the key maps to.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every event and command about one order, in time order, across order.events, order.commands,",
                "payment.events, scheduler.events and their dead-letter topics. Reads only the partition the order maps to."})
final class TimelineCommand implements Callable<Integer> {

    /** The topics keyed by the order sn; the scheduler's events are keyed by the order's timer id. */
    static final List<String> ORDER_TOPICS = List.of("order.events", "order.commands", "payment.events");
    static final String SCHEDULER_EVENTS = "scheduler.events";
    static final String ORDER_TIMEOUT_PREFIX = "order-timeout:";
    static final String DLT_SUFFIX = "-dlt";
    private static final Set<String> NOT_DETAILS = Set.of("eventId", "sn", "orderSn", "occurredAt", "scheduleId");
    private static final int DETAILS_WIDTH = 110;
    private static final Pattern ORDER_STAMP = Pattern.compile("HSO(\\d{14})\\d{8}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** A stamp in UTC+14 is the furthest ahead of UTC; an hour more for clocks that disagree. */
    private static final Duration EARLIEST_ZONE_AND_MARGIN = Duration.ofHours(14 + 1);

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ORDER_SN", description = "the order's sn (e.g. HSO2026112812000012345678)")
    String orderSn;

    @Option(names = "--json", description = "JSON lines (as tail prints them) instead of a table")
    boolean json;

    @Option(names = "--from", paramLabel = "POSITION", converter = PositionConverter.class,
            description = {"where to start reading (default: 15 h before the time in the order number, which covers every time "
                    + "zone order-service may stamp it in; from the start for a number without one)"})
    Position from;

    record Entry(ConsumerRecord<byte[], byte[]> record, EventDecoder.Decoded decoded) {
    }

    @Override
    public Integer call() {
        EventDecoder decoder = cluster.decoder();
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.reader(true)) {
            Map<TopicPartition, byte[]> keyByPartition = partitionsToRead(consumer);
            if (keyByPartition.isEmpty()) {
                throw new ToolFailure("none of " + ORDER_TOPICS + " or " + SCHEDULER_EVENTS + " exists here: is this looklook's broker?");
            }
            Position start = from != null ? from : placedAtTheEarliest(orderSn);
            new LogReader(consumer).read(keyByPartition.keySet(), start, new Position.Latest(), record -> {
                if (Arrays.equals(keyByPartition.get(new TopicPartition(record.topic(), record.partition())), record.key())) {
                    entries.add(new Entry(record, decoder.decode(record.value())));
                }
                return true;
            });
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.record().timestamp()).thenComparing(e -> e.record().topic())
                .thenComparingLong(e -> e.record().offset()));
        if (json) {
            try (RecordJson out = new RecordJson(spec.commandLine().getOut())) {
                entries.forEach(e -> out.write(e.record(), e.decoded()));
            }
        } else {
            printTable(spec.commandLine().getOut(), entries);
        }
        return 0;
    }

    /**
     * Nothing about an order is older than the order: its number carries its creation time (HSO + yyyyMMddHHmmss in
     * order-service's zone + 8 digits), so reading starts there, less the widest zone offset and an hour, instead of at
     * the start of a log that may hold months.
     */
    static Position placedAtTheEarliest(String orderSn) {
        Matcher stamp = ORDER_STAMP.matcher(orderSn);
        if (!stamp.matches()) {
            return new Position.Earliest();
        }
        try {
            LocalDateTime local = LocalDateTime.parse(stamp.group(1), STAMP);
            return new Position.AtTime(local.toInstant(ZoneOffset.UTC).minus(EARLIEST_ZONE_AND_MARGIN));
        } catch (DateTimeParseException notATime) {
            return new Position.Earliest();
        }
    }

    /** For each topic that exists: the partition this order's key maps to, and that key. */
    private Map<TopicPartition, byte[]> partitionsToRead(KafkaConsumer<byte[], byte[]> consumer) {
        Map<String, byte[]> keyByTopic = new HashMap<>();
        byte[] sn = orderSn.getBytes(StandardCharsets.UTF_8);
        for (String topic : ORDER_TOPICS) {
            keyByTopic.put(topic, sn);
            keyByTopic.put(topic + DLT_SUFFIX, sn);
        }
        keyByTopic.put(SCHEDULER_EVENTS, (ORDER_TIMEOUT_PREFIX + orderSn).getBytes(StandardCharsets.UTF_8));
        Map<String, List<PartitionInfo>> existing = consumer.listTopics();
        Map<TopicPartition, byte[]> result = new HashMap<>();
        keyByTopic.forEach((topic, key) -> {
            List<PartitionInfo> partitions = existing.get(topic);
            if (partitions != null && !partitions.isEmpty()) {
                result.put(new TopicPartition(topic, LogReader.partitionOf(key, partitions.size())), key);
            }
        });
        return result;
    }

    private void printTable(PrintWriter out, List<Entry> entries) {
        if (entries.isEmpty()) {
            out.println("no events or commands for order " + orderSn);
            return;
        }
        String format = "%-24s  %-18s  %-10s  %-22s  %s%n";
        out.printf(format, "TIME", "TOPIC", "P@OFFSET", "TYPE", "DETAILS");
        for (Entry e : entries) {
            ConsumerRecord<byte[], byte[]> r = e.record();
            out.printf(format, Instant.ofEpochMilli(r.timestamp()), r.topic(), r.partition() + "@" + r.offset(),
                    e.decoded().undecodable() ? "(undecodable)" : e.decoded().simpleType(), details(e));
        }
        out.flush();
    }

    /** The value's fields that say what happened (ids and times the table already shows left out), and a DLT's reason. */
    private static String details(Entry e) {
        StringBuilder text = new StringBuilder();
        if (e.decoded().undecodable()) {
            text.append(e.decoded().error());
        } else if (e.decoded().value() instanceof GenericRecord value) {
            for (Schema.Field field : value.getSchema().getFields()) {
                if (!NOT_DETAILS.contains(field.name()) && value.get(field.pos()) != null) {
                    text.append(text.isEmpty() ? "" : " ").append(field.name()).append('=')
                            .append(AvroJson.text(field.schema(), value.get(field.pos())));
                }
            }
        }
        String reason = HeaderValues.last(e.record().headers(), KafkaHeaders.DLT_EXCEPTION_MESSAGE);
        if (reason != null) {
            text.append(text.isEmpty() ? "" : " ").append("dead-lettered: ").append(reason);
        }
        return text.length() > DETAILS_WIDTH ? text.substring(0, DETAILS_WIDTH - 1) + "…" : text.toString();
    }
}

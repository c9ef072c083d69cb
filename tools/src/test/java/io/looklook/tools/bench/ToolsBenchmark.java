package io.looklook.tools.bench;

import io.looklook.order.CloseOrderRequested;
import io.looklook.order.CloseReason;
import io.looklook.order.OrderClosed;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The tools' benchmark: fills order.events of a throw-away broker (TestInfra: embedded KRaft broker and Apicurio) with
 * {@code bench.records} (default 1,000,000) Avro events, then times, each as its own process as a user runs it:
 * <ul>
 *   <li>the broker's console consumer reading them all to /dev/null (the baseline: no decoding at all),</li>
 *   <li>{@code looklook tail order.events} decoding them all through the registry to JSON lines on /dev/null,</li>
 *   <li>{@code looklook timeline <sn>} for one order whose events are among them.</li>
 * </ul>
 * Each is run {@code bench.rounds} times (default 3), alternating; the best and median wall times are printed.
 * Run: {@code ./mvnw -pl tools -am -Pbench -DskipTests verify} (see tools/README.md).
 */
public final class ToolsBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final String TOPIC = "order.events";

    public static void main(String[] args) throws Exception {
        TestInfra infra = TestInfra.get();
        Path root = TestInfra.projectRoot();
        String target = "HSO-BENCH-TARGET";
        long filling = System.nanoTime();
        fill(infra, target);
        String timed = timedOrder;
        System.out.printf("filled %s with %,d records in %.1f s%n", TOPIC, RECORDS, (System.nanoTime() - filling) / 1e9);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> console = List.of(java, "-cp", consoleConsumerClasspath(root), "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "--bootstrap-server", infra.bootstrapServers(), "--topic", TOPIC, "--from-beginning",
                "--max-messages", Integer.toString(RECORDS), "--timeout-ms", "60000");
        String tools = root.resolve("tools/target/looklook-tools.jar").toString();
        List<String> cluster = List.of("--bootstrap-servers=" + infra.bootstrapServers(), "--registry=" + infra.registryUrl());
        List<String> tail = concat(List.of(java, "-jar", tools, "tail", TOPIC), cluster);
        List<String> timeline = concat(List.of(java, "-jar", tools, "timeline", target), cluster);
        List<String> timelineTimed = concat(List.of(java, "-jar", tools, "timeline", timed), cluster);
        List<String> tailKey = concat(List.of(java, "-jar", tools, "tail", TOPIC, "--key", target), cluster);
        List<String> help = List.of(java, "-jar", tools, "--help");

        List<Double> consoleSeconds = new ArrayList<>();
        List<Double> tailSeconds = new ArrayList<>();
        List<Double> timelineSeconds = new ArrayList<>();
        List<Double> timedSeconds = new ArrayList<>();
        List<Double> tailKeySeconds = new ArrayList<>();
        List<Double> helpSeconds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            consoleSeconds.add(time(console, "console consumer"));
            tailSeconds.add(time(tail, "looklook tail"));
            timelineSeconds.add(time(timeline, "looklook timeline"));
            timedSeconds.add(time(timelineTimed, "looklook timeline (order number with its time)"));
            tailKeySeconds.add(time(tailKey, "looklook tail --key"));
            helpSeconds.add(time(help, "looklook --help"));
            System.out.printf("round %d: console consumer %.2f s, looklook tail %.2f s, timeline (whole partition) %.2f s, "
                    + "timeline (from the order's time) %.2f s, tail --key %.2f s, --help %.2f s%n", round,
                    consoleSeconds.get(round - 1), tailSeconds.get(round - 1), timelineSeconds.get(round - 1),
                    timedSeconds.get(round - 1), tailKeySeconds.get(round - 1), helpSeconds.get(round - 1));
        }
        System.out.printf("%n%,d records on %s (6 partitions), %d rounds, wall time of each process including JVM start:%n",
                RECORDS, TOPIC, ROUNDS);
        report("console consumer (raw bytes)", consoleSeconds, true);
        report("looklook tail (decoded JSON)", tailSeconds, true);
        report("looklook timeline " + target, timelineSeconds, false);
        report("looklook timeline " + timed, timedSeconds, false);
        report("looklook tail --key " + target, tailKeySeconds, false);
        report("looklook --help (JVM start)", helpSeconds, false);
        System.out.printf("tail / console consumer (median rate): %.2f%n", median(consoleSeconds) / median(tailSeconds));
        System.exit(0);
    }

    /**
     * RECORDS events over the last 30 days (record timestamps spread evenly, as in a log that has run for a month),
     * for orders of 4 events each. Two orders are traced: one with a real order number placed 15 days ago, whose 3
     * events are minutes apart, and one with a number that carries no time ({@code HSO-BENCH-TARGET}), whose events
     * are at the start, the middle and the end, so its timeline must read its whole partition.
     */
    private static void fill(TestInfra infra, String untimed) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
            // keep records of any age: the broker's default retention (7 days) would delete the older part of the month
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                    AlterConfigOp.OpType.SET)))).all().get();
        }
        Serializer<Object> avro = AvroSerdes.valueSerializer(infra.registryUrl());
        Instant end = Instant.now();
        long spanMillis = Duration.ofDays(30).toMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.bootstrapServers(),
                "linger.ms", 20, "batch.size", 512 * 1024, "compression.type", "lz4", "acks", "1"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                Instant at = end.minusMillis(spanMillis - spanMillis * i / RECORDS);
                String sn;
                if (i == 0 || i == RECORDS / 2 || i == RECORDS - 1) {
                    sn = untimed;
                } else if (i >= RECORDS / 2 + 1 && i <= RECORDS / 2 + 3) {
                    sn = timedOrder = timedOrder != null ? timedOrder : orderNumber(at);
                } else {
                    sn = "HSO-BENCH-" + (i / 4);
                }
                Object event = i % 4 == 3 ? new CloseOrderRequested(UUID.randomUUID(), at, sn, at, at)
                        : new OrderClosed(UUID.randomUUID(), at, sn, 7L + i, CloseReason.TIMEOUT);
                producer.send(new ProducerRecord<>(TOPIC, null, at.toEpochMilli(), sn, avro.serialize(TOPIC, event)));
            }
            producer.flush();
        }
    }

    private static String timedOrder;

    /** An order number as order-service makes it: HSO + its creation time in Asia/Shanghai + 8 digits. */
    private static String orderNumber(Instant placed) {
        return "HSO" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(placed.atZone(ZoneId.of("Asia/Shanghai"))) + "00000001";
    }

    private static String consoleConsumerClasspath(Path root) throws IOException {
        Path infra = root.resolve("infra/target");
        StringBuilder cp = new StringBuilder(infra.resolve("broker-lib") + File.separator + "*");
        try (Stream<Path> jars = Files.list(infra.resolve("lib"))) {
            jars.filter(j -> j.getFileName().toString().startsWith("kafka-clients") || j.getFileName().toString().startsWith("slf4j-api")
                    || j.getFileName().toString().startsWith("lz4") || j.getFileName().toString().startsWith("zstd")
                    || j.getFileName().toString().startsWith("snappy")).forEach(j -> cp.append(File.pathSeparator).append(j));
        }
        return cp.toString();
    }

    private static double time(List<String> command, String what) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(Duration.ofMinutes(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within 10 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, List<Double> seconds, boolean rate) {
        double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double median = median(seconds);
        if (rate) {
            System.out.printf("  %-45s best %6.2f s (%,9.0f records/s)  median %6.2f s (%,9.0f records/s)%n", what, best,
                    RECORDS / best, median, RECORDS / median);
        } else {
            System.out.printf("  %-45s best %6.2f s  median %6.2f s%n", what, best, median);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

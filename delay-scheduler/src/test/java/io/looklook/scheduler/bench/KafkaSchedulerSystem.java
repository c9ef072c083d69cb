package io.looklook.scheduler.bench;

import io.looklook.scheduler.ScheduleRequested;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The delay-scheduler as a separate process (its jar, as infra/stack runs it) on the given broker and registry, with
 * topics, application id and state directory of its own, so it runs beside the local stack without touching it.
 */
final class KafkaSchedulerSystem implements TimerSystem {

    private static final int PARTITIONS = 6;

    private final String bootstrap;
    private final String registry;
    private final String run = "bench-" + System.currentTimeMillis();
    private final String requests = run + ".requests";
    private final String target = run + ".target";
    private final Path stateDir;
    private final Path jar;
    private final String heap;
    private final Serializer<Object> avro;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private Thread consumer;
    private ServiceProcess scheduler;

    KafkaSchedulerSystem(String bootstrap, String registry, Path workDir, Path jar, String heap) throws IOException {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.stateDir = Files.createDirectories(workDir.resolve(run));
        this.jar = jar;
        this.heap = heap;
        this.avro = AvroSerdes.valueSerializer(registry);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public String name() {
        return "kafka-scheduler";
    }

    @Override
    public void start(IntFunction<Lateness> phases) throws Exception {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of(requests, run + ".events", target, run + ".orders", run + ".commands")) {
                topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        consumer = new Thread(() -> consume(phases), "bench-kafka-deliveries");
        consumer.setDaemon(true);
        consumer.start();
        launch();
        scheduler.awaitReady(stateDir.resolve("scheduler.log"), Duration.ofMinutes(5));
    }

    private void launch() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-jar", jar.toString(), "--server.port=" + port, "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--looklook.registry.url=" + registry,
                "--looklook.scheduler.state-dir=" + stateDir.resolve("state"), "--looklook.scheduler.application-id=" + run,
                "--looklook.scheduler.instance-id=" + run,
                "--looklook.scheduler.requests-topic=" + requests, "--looklook.scheduler.events-topic=" + run + ".events",
                "--looklook.scheduler.order-events-topic=" + run + ".orders",
                "--looklook.scheduler.order-commands-topic=" + run + ".commands",
                "--looklook.scheduler.allowed-targets=" + target, "--logging.level.root=WARN");
        List<String> all = new ArrayList<>(command);
        TestInfra.SINGLE_BROKER.forEach((name, value) -> all.add("--" + name + "=" + value));
        String extra = System.getProperty("bench.scheduler-args", "").trim(); // e.g. --looklook.scheduler.commit-interval=10ms
        if (!extra.isEmpty()) {
            all.addAll(List.of(extra.split("\\s+")));
        }
        scheduler = ServiceProcess.launch(all, stateDir.resolve("scheduler.log"), port);
    }

    /** A downstream consumer: read_committed, so a delivery counts when it is visible, not when it is written. */
    private void consume(IntFunction<Lateness> phases) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            reader.subscribe(List.of(target));
            while (consuming.get()) {
                var records = reader.poll(Duration.ofMillis(10));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    ByteBuffer payload = ByteBuffer.wrap(record.value());
                    long due = payload.getLong();
                    phases.apply(payload.get()).record(due, now);
                }
            }
        }
    }

    @Override
    public void schedule(String id, long dueAtMs, int phase) {
        ByteBuffer payload = ByteBuffer.allocate(100).putLong(dueAtMs).put((byte) phase);
        payload.rewind();
        ScheduleRequested request = ScheduleRequested.newBuilder().setEventId(java.util.UUID.randomUUID())
                .setOccurredAt(Instant.now()).setScheduleId(id).setDueAt(Instant.ofEpochMilli(dueAtMs)).setDelayMs(null)
                .setTargetTopic(target).setKey(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8))).setHeaders(Map.of())
                .setPayload(payload).build();
        producer.send(new ProducerRecord<>(requests, id, avro.serialize(requests, request)));
    }

    /** Accepted = the scheduler's committed offsets on the request topic reach its end (state and feedback committed). */
    @Override
    public void awaitAccepted(Duration timeout) throws Exception {
        producer.flush();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(requests, p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            while (System.currentTimeMillis() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(run)
                        .partitionsToOffsetAndMetadata().get();
                long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(requests) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (done >= end) {
                    return;
                }
                Thread.sleep(200); // a benchmark polling progress
            }
        }
        throw new IllegalStateException("scheduler did not accept every request within " + timeout);
    }

    @Override
    public long memoryBytes() throws Exception {
        jcmd("GC.run");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap figure from jcmd GC.heap_info");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    @Override
    public String memoryNote() throws Exception {
        String rss = Files.readAllLines(Path.of("/proc", String.valueOf(scheduler.pid()), "status")).stream()
                .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS ?").replaceAll("\\s+", " ");
        return "process " + rss + " (RocksDB memtables and block cache are off-heap)";
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(scheduler.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** RocksDB files of the state directory plus the changelog topics on the broker (the durable copy). */
    @Override
    public long diskBytes() throws Exception {
        return localStateBytes() + changelogBytes();
    }

    long localStateBytes() throws IOException {
        try (Stream<Path> files = Files.walk(stateDir.resolve("state"))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    long changelogBytes() throws Exception {
        try (Admin admin = admin()) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    bytes += dir.replicaInfos().entrySet().stream()
                            .filter(e -> e.getKey().topic().startsWith(run + "-") && e.getKey().topic().endsWith("-changelog"))
                            .mapToLong(e -> e.getValue().size()).sum();
                }
            }
            return bytes;
        }
    }

    @Override
    public void stop(boolean crash) throws Exception {
        if (crash) {
            scheduler.kill();
        } else {
            scheduler.stop();
        }
    }

    @Override
    public void resume() throws Exception {
        launch();
    }

    @Override
    public void close() throws Exception {
        consuming.set(false);
        producer.close();
        if (scheduler != null) {
            scheduler.stop();
        }
        try (Admin admin = admin()) {
            List<String> ours = admin.listTopics().names().get().stream().filter(t -> t.startsWith(run)).toList();
            admin.deleteTopics(ours).all().get();
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }
}

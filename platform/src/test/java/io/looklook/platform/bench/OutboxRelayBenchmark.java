package io.looklook.platform.bench;

import io.looklook.platform.Events;
import io.looklook.platform.KafkaTestClients;
import io.looklook.platform.PlatformTestApp;
import io.looklook.platform.outbox.Outbox;
import io.looklook.platform.outbox.OutboxRelay;
import io.looklook.schemas.AvroSerdes;
import io.looklook.testsupport.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Outbox relay benchmark (issue 2): publish rate and commit-to-visible latency of the transactional outbox, at a
 * steady 1,000 events/s and at saturation, next to a plain idempotent {@code KafkaProducer} sending the same
 * records in the same run. Real MariaDB, broker and registry (started here, as in the tests).
 *
 * <p>Run: {@code ./mvnw -pl platform -am -Pbench -DskipTests verify} (figures in platform/README.md).
 * Options: {@code -Dbench.seconds=20 -Dbench.writers=16 -Dbench.baseline=50000 -Dbench.rates=250,500,1000}.
 */
public final class OutboxRelayBenchmark {

    private static final int KEYS = 1_000;
    /** Requests a service would have in flight at the paced rate (each is one transaction). */
    private static final int STEADY_IN_FLIGHT = 64;

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        int writers = Integer.getInteger("bench.writers", 16);
        int baselineRecords = Integer.getInteger("bench.baseline", 50_000);
        int[] steadyRates = Arrays.stream(System.getProperty("bench.rates", "250,500,1000").split(","))
                .mapToInt(r -> Integer.parseInt(r.strip())).toArray();

        TestInfra infra = TestInfra.get();
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(PlatformTestApp.class).run(
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--looklook.registry.url=" + infra.registryUrl(),
                "--looklook.db.port=" + infra.dbPort(),
                "--looklook.db.password=" + TestInfra.DB_PASSWORD,
                "--looklook.jwt.jwk-set-uri=" + io.looklook.testsupport.TestTokens.get().jwkSetUri(),
                "--looklook.db.name=looklook_bench",
                "--looklook.outbox.relay-enabled=false",
                "--looklook.outbox.idle-interval=100ms", // the production default (the tests' properties say 60 s)
                "--spring.r2dbc.pool.max-size=" + (STEADY_IN_FLIGHT + 4),
                "--server.port=0",
                "--spring.kafka.listener.auto-startup=false");
        try {
            Outbox outbox = ctx.getBean(Outbox.class);
            TransactionalOperator tx = ctx.getBean(TransactionalOperator.class);

            System.out.printf("%nOutbox relay benchmark: %d s per phase, %d concurrent writers at saturation, %d cores%n",
                    seconds, writers, Runtime.getRuntime().availableProcessors());

            Result plain = plainProducer(infra, baselineRecords);
            print("plain KafkaProducer (idempotent, acks=all), as fast as possible", plain);

            Result drained = drainBacklog(infra, outbox, tx, ctx.getBean(OutboxRelay.class), baselineRecords, writers);
            print("outbox relay draining a backlog of committed rows (relay saturated)", drained);

            // the service's relay bean: the one a commit wakes up (started by hand: auto-start is off here)
            OutboxRelay relay = ctx.getBean(OutboxRelay.class);
            relay.start();
            try {
                Result saturated = outboxRun(infra, outbox, tx, "saturation", seconds, writers, 0);
                print("outbox end to end, " + writers + " writers as fast as they can (1 tx per event)", saturated);
                for (int rate : steadyRates) {
                    Result steady = outboxRun(infra, outbox, tx, "steady", seconds, writers, rate);
                    print("outbox end to end, paced at " + rate + " events/s", steady);
                }
                System.out.printf("%nratio relay/plain publish rate at saturation: %.2f%n",
                        drained.ratePerSecond() / plain.ratePerSecond());
            } finally {
                relay.stop();
            }
        } finally {
            ctx.close();
            System.exit(0); // the test infrastructure stops in a shutdown hook
        }
    }

    record Result(long events, double seconds, double ratePerSecond, double p50Ms, double p99Ms, double maxMs) {
    }

    private static void print(String label, Result r) {
        System.out.printf("%-70s %8d events in %6.2f s = %9.0f events/s; visible after p50 %7.1f ms, p99 %7.1f ms, max %7.1f ms%n",
                label, r.events(), r.seconds(), r.ratePerSecond(), r.p50Ms(), r.p99Ms(), r.maxMs());
    }

    /** The baseline: the same encoded records, keys and headers, straight to Kafka. */
    private static Result plainProducer(TestInfra infra, int count) throws Exception {
        String topic = newTopic(infra, "plain");
        Serializer<SpecificRecord> avro = AvroSerdes.valueSerializer(infra.registryUrl());
        byte[] payload = avro.serialize(topic, Events.snapshot(1, "benchmark homestay"));
        Map<String, Object> config = Map.of("bootstrap.servers", infra.bootstrapServers(), "acks", "all",
                "enable.idempotence", true, "linger.ms", 5);
        LatencyProbe probe = new LatencyProbe(infra, topic, count);
        probe.start();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, String.valueOf(i % KEYS), payload);
                record.headers().add(OutboxRelay.EVENT_ID_HEADER, id.getBytes(StandardCharsets.UTF_8));
                probe.committed(id);
                producer.send(record);
            }
            producer.flush();
        }
        probe.awaitAll();
        double secs = (probe.lastSeenNanos() - start) / 1e9;
        return probe.result(count, secs);
    }

    /**
     * The relay's own publish rate: {@code count} rows are committed first (clock stopped), then a relay starts
     * and the clock runs until a consumer has seen them all. Latency here is from the relay's start.
     */
    private static Result drainBacklog(TestInfra infra, Outbox outbox, TransactionalOperator tx, OutboxRelay relay,
                                       int count, int writers) throws Exception {
        String topic = newTopic(infra, "drain");
        Thread[] threads = new Thread[writers];
        AtomicLong next = new AtomicLong();
        for (int w = 0; w < writers; w++) {
            threads[w] = new Thread(() -> {
                long n;
                while ((n = next.incrementAndGet()) <= count) {
                    tx.transactional(outbox.append(topic, String.valueOf(n % KEYS), Events.snapshot(n, "benchmark homestay")))
                            .block();
                }
            });
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        LatencyProbe probe = new LatencyProbe(infra, topic, count);
        probe.start();
        long start = System.nanoTime();
        relay.start();
        try {
            probe.awaitAll();
        } finally {
            relay.stop();
        }
        double secs = (probe.lastSeenNanos() - start) / 1e9;
        return new Result(count, secs, count / secs, 0, 0, 0);
    }

    /** Writers append one event per transaction; {@code ratePerSecond} 0 = as fast as they can. */
    private static Result outboxRun(TestInfra infra, Outbox outbox, TransactionalOperator tx, String name, int seconds,
                                    int writers, int ratePerSecond) throws Exception {
        String topic = newTopic(infra, name);
        // warm-up: the schema is registered and cached before the clock starts
        tx.transactional(outbox.append(topic, "warm-up", Events.snapshot(0, "warm-up"))).block();
        LatencyProbe probe = new LatencyProbe(infra, topic, -1);
        probe.start();
        AtomicLong appended = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        int maxInFlight = ratePerSecond > 0 ? STEADY_IN_FLIGHT : writers;
        Semaphore inFlight = new Semaphore(maxInFlight);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        Runnable appendOne = () -> {
            if (!inFlight.tryAcquire()) {
                return; // writers saturated: the pace cannot be kept (shows as a lower rate)
            }
            long n = appended.incrementAndGet();
            var event = Events.snapshot(n, "benchmark homestay");
            String id = event.getEventId().toString();
            tx.transactional(outbox.append(topic, String.valueOf(n % KEYS), event))
                    .doOnSuccess(v -> probe.committed(id))
                    .doFinally(s -> inFlight.release())
                    .subscribe();
        };
        if (ratePerSecond > 0) {
            long periodMicros = 1_000_000L / ratePerSecond;
            pacer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() < end) {
                    appendOne.run();
                } else {
                    stop.set(true);
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
        } else {
            Thread[] threads = new Thread[writers];
            for (int w = 0; w < writers; w++) {
                threads[w] = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        long n = appended.incrementAndGet();
                        var event = Events.snapshot(n, "benchmark homestay");
                        String id = event.getEventId().toString();
                        tx.transactional(outbox.append(topic, String.valueOf(n % KEYS), event)).block();
                        probe.committed(id);
                    }
                });
                threads[w].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            stop.set(true);
        }
        while (!stop.get()) {
            TimeUnit.MILLISECONDS.sleep(50); // the benchmark's own clock, not a test wait
        }
        pacer.shutdown();
        pacer.awaitTermination(10, TimeUnit.SECONDS);
        inFlight.acquire(maxInFlight);
        long committed = probe.committedCount();
        probe.expect(committed + 1); // + the warm-up event
        probe.awaitAll();
        double secs = (probe.lastSeenNanos() - start) / 1e9;
        return probe.result(committed, secs);
    }

    private static String newTopic(TestInfra infra, String name) throws Exception {
        String topic = "bench." + name + "-" + UUID.randomUUID();
        KafkaTestClients.createTopics(infra.bootstrapServers(), topic);
        return topic;
    }

    /** A read_committed consumer that timestamps when each event id becomes visible. */
    private static final class LatencyProbe extends Thread {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
        private final List<Long> latenciesNanos = new ArrayList<>();
        private final AtomicLong expected;
        private final AtomicLong seen = new AtomicLong();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long lastSeenNanos;
        private volatile boolean closing;

        LatencyProbe(TestInfra infra, String topic, long expected) {
            super("latency-probe");
            this.consumer = KafkaTestClients.rawConsumer(infra.bootstrapServers(), topic);
            this.expected = new AtomicLong(expected);
            setDaemon(true);
        }

        void committed(String eventId) {
            committedAt.putIfAbsent(eventId, System.nanoTime());
        }

        long committedCount() {
            return committedAt.size();
        }

        void expect(long count) {
            expected.set(count);
            if (seen.get() >= count) {
                done.countDown();
            }
        }

        @Override
        public void run() {
            try {
                while (!closing) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        var header = r.headers().lastHeader(OutboxRelay.EVENT_ID_HEADER);
                        Long at = header == null ? null : committedAt.get(new String(header.value(), StandardCharsets.UTF_8));
                        synchronized (latenciesNanos) {
                            if (at != null) {
                                latenciesNanos.add(Math.max(0, now - at));
                            }
                        }
                        lastSeenNanos = now;
                        long count = seen.incrementAndGet();
                        long want = expected.get();
                        if (want > 0 && count >= want) {
                            done.countDown();
                        }
                    }
                }
            } finally {
                consumer.close();
            }
        }

        void awaitAll() throws InterruptedException {
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + seen.get() + " of " + expected.get() + " events became visible");
            }
            closing = true;
        }

        long lastSeenNanos() {
            return lastSeenNanos;
        }

        Result result(long events, double seconds) {
            long[] sorted;
            synchronized (latenciesNanos) {
                sorted = latenciesNanos.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(sorted);
            return new Result(events, seconds, events / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }
}

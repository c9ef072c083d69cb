package io.looklook.scheduler.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The delay-scheduler benchmark (issue 4), with Redisson's RDelayedQueue on a local redis-server as the baseline,
 * same workload, same run. For each system: heap (or Redis memory) and disk with 0 and with {@code bench.pending}
 * pending timers; steady state at each of {@code bench.rates} timers/s (scheduled {@code bench.delay-ms} ahead,
 * fired, lateness seen by a downstream consumer) with those timers pending; a burst of {@code bench.burst} timers
 * due in the same second; a clean and a crash restart (time from launch until firing resumes). Prints figures and
 * the ratios ({@code bench.burst=0} and {@code bench.restarts=false} skip those phases; {@code bench.scheduler-args}
 * passes extra arguments to the scheduler, e.g. another commit interval). Needs the local stack's broker and registry ({@code infra/stack up}), a built scheduler jar and,
 * for the baseline, redis-server on the PATH. Run from the repository root: see delay-scheduler/README.md.
 */
public final class SchedulerBench {

    private static final int PRELOAD = 0;
    private static final int BURST = 20;
    private static final int TICKER = 21;

    private final int pending = Integer.getInteger("bench.pending", 1_000_000);
    private final List<Integer> rates = parseRates(System.getProperty("bench.rates", "1000,5000,10000"));
    private final int seconds = Integer.getInteger("bench.seconds", 30);
    private final long delayMs = Long.getLong("bench.delay-ms", 5_000);
    private final int burst = Integer.getInteger("bench.burst", 100_000);
    private final long burstLeadMs = Long.getLong("bench.burst-lead-ms", 90_000);
    private final AtomicReferenceArray<Lateness> phases = new AtomicReferenceArray<>(32);
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Random random = new Random(4);

    public static void main(String[] args) throws Exception {
        String bootstrap = System.getProperty("bench.bootstrap", "127.0.0.1:9092");
        String registry = System.getProperty("bench.registry", "http://127.0.0.1:8085");
        Path work = Files.createDirectories(Path.of(System.getProperty("bench.work-dir", ".local/bench")));
        Path jar = Path.of("delay-scheduler/target/delay-scheduler.jar");
        if (!Files.exists(jar)) {
            jar = Path.of("target/delay-scheduler.jar");
        }
        List<String> systems = List.of(System.getProperty("bench.systems", "kafka,redisson").split(","));
        List<Map<String, Double>> results = new ArrayList<>();
        for (String name : systems) {
            TimerSystem system = name.equals("kafka")
                    ? new KafkaSchedulerSystem(bootstrap, registry, work, jar, System.getProperty("bench.heap", "512m"))
                    : new RedissonSystem(work);
            if (system instanceof RedissonSystem && !RedissonSystem.available()) {
                System.out.println("redis-server not found: apt-get install redis-server (Debian) for the baseline");
                continue;
            }
            try (system) {
                results.add(new SchedulerBench().run(system));
            }
        }
        if (results.size() == 2) {
            System.out.printf("%n== %s / %s ==%n", systems.get(0), systems.get(1));
            for (Map.Entry<String, Double> figure : results.get(0).entrySet()) {
                Double other = results.get(1).get(figure.getKey());
                if (other != null && other != 0) {
                    System.out.printf("%-44s %12.2f %12.2f   ratio %.3g%n", figure.getKey(), figure.getValue(), other,
                            figure.getValue() / other);
                }
            }
        }
    }

    private Map<String, Double> run(TimerSystem system) throws Exception {
        System.out.printf("%n== %s: %,d pending, rates %s/s for %d s each, delay %d ms, burst %,d ==%n", system.name(),
                pending, rates, seconds, delayMs, burst);
        for (int i = 0; i < phases.length(); i++) {
            phases.set(i, new Lateness());
        }
        system.start(phases::get);
        long heap0 = system.memoryBytes();
        long disk0 = system.diskBytes();
        print("memory with 0 pending (MB)", heap0 / 1e6, system.memoryNote());

        long start = System.currentTimeMillis();
        long farAway = start + Duration.ofHours(6).toMillis();
        for (int i = 0; i < pending; i++) {
            system.schedule("pre-" + i, farAway + random.nextInt(3_600_000), PRELOAD);
        }
        system.awaitAccepted(Duration.ofMinutes(40));
        double loadSeconds = (System.currentTimeMillis() - start) / 1000.0;
        print("preload accepted (timers/s)", pending / loadSeconds, String.format("%,d in %.1f s", pending, loadSeconds));
        long heap1 = system.memoryBytes();
        long disk1 = system.diskBytes();
        print("memory with pending timers (MB)", heap1 / 1e6, system.memoryNote());
        print("memory growth (MB)", (heap1 - heap0) / 1e6, String.format("%.0f bytes/timer", (heap1 - heap0) / (double) pending));
        print("disk per timer (bytes)", (disk1 - disk0) / (double) pending, String.format("%.1f MB in all", disk1 / 1e6));

        for (int r = 0; r < rates.size(); r++) {
            steadyState(system, rates.get(r), r + 1);
        }
        if (burst > 0) {
            burst(system);
        }
        if (Boolean.parseBoolean(System.getProperty("bench.restarts", "true"))) {
            restart(system, false);
            restart(system, true);
        }
        return figures;
    }

    /** {@code rate} timers/s for {@code seconds}, each due {@code delayMs} after it is sent. */
    private void steadyState(TimerSystem system, int rate, int phase) throws Exception {
        int perSlice = Math.max(1, rate / 100);
        long begin = System.currentTimeMillis();
        int sent = 0;
        for (int slice = 0; slice < seconds * 100; slice++) {
            long sliceStart = begin + slice * 10L;
            for (int i = 0; i < perSlice; i++) {
                system.schedule("s" + phase + "-" + sent++, System.currentTimeMillis() + delayMs, phase);
            }
            long wait = sliceStart + 10 - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait); // pacing the load generator
            }
        }
        long achieved = sent * 1000L / Math.max(1, System.currentTimeMillis() - begin);
        Lateness seen = awaitAll(phase, sent, System.currentTimeMillis() + delayMs + 60_000);
        String label = "steady " + rate + "/s";
        System.out.printf("%-44s sent %,d (%,d/s)  %s%n", label, sent, achieved, seen.summary());
        figures.put(label + " lateness p50 (ms)", (double) seen.quantile(0.5));
        figures.put(label + " lateness p99 (ms)", (double) seen.quantile(0.99));
        figures.put(label + " lateness max (ms)", (double) seen.quantile(1.0));
        figures.put(label + " delivered (%)", 100.0 * seen.count() / sent);
    }

    /** {@code burst} timers due in the same millisecond, sent well ahead so all are held before they are due. */
    private void burst(TimerSystem system) throws Exception {
        long due = System.currentTimeMillis() + burstLeadMs;
        for (int i = 0; i < burst; i++) {
            system.schedule("burst-" + i, due, BURST);
        }
        system.awaitAccepted(Duration.ofMinutes(5));
        long acceptedBeforeDue = due - System.currentTimeMillis();
        Lateness seen = awaitAll(BURST, burst, Math.max(due, System.currentTimeMillis()) + 120_000);
        double lastAfterDue = seen.lastAt() - due;
        System.out.printf("%-44s all held %,d ms before due; first %d ms, last %.0f ms after due; %s%n",
                "burst " + burst + " due at once", acceptedBeforeDue, seen.firstAt() - due, lastAfterDue, seen.summary());
        if (acceptedBeforeDue < 0) {
            System.out.println("  (not all were held by their due time: raise bench.burst-lead-ms)");
        }
        figures.put("burst: last fired after due (ms)", lastAfterDue);
        figures.put("burst: delivered (%)", 100.0 * seen.count() / burst);
    }

    /**
     * Timers due every 5 ms over the next minute; after 3 s the system is stopped (cleanly or killed) and started
     * again. Reports the time from launch until the first delivery, then checks that no ticker timer was lost.
     */
    private void restart(TimerSystem system, boolean crash) throws Exception {
        int phase = TICKER + (crash ? 1 : 0);
        long now = System.currentTimeMillis();
        int ticks = 12_000;
        for (int i = 0; i < ticks; i++) {
            system.schedule("tick-" + phase + "-" + i, now + 2_000 + i * 5L, phase);
        }
        system.awaitAccepted(Duration.ofMinutes(5));
        Thread.sleep(Math.max(0, now + 5_000 - System.currentTimeMillis())); // let the ticker fire for a while
        long stopBegin = System.currentTimeMillis();
        system.stop(crash);
        long stopped = System.currentTimeMillis();
        Thread.sleep(1_000); // let the reader drain what the old process committed: from here on, only new deliveries
        Lateness before = phases.get(phase);
        Lateness after = new Lateness();
        phases.set(phase, after);
        long launch = System.currentTimeMillis();
        system.resume();
        long deadline = launch + 300_000;
        while (after.count() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        double resumedAfter = after.count() == 0 ? Double.NaN : after.firstAt() - launch;
        String label = (crash ? "crash" : "clean") + " restart";
        long lastDue = now + 2_000 + ticks * 5L;
        awaitCount(() -> before.count() + after.count(), ticks, Math.max(System.currentTimeMillis(), lastDue) + 60_000);
        System.out.printf("%-44s stop took %,d ms; firing resumed %,.0f ms after launch; ticker %,d/%,d delivered%n", label,
                stopped - stopBegin, resumedAfter, before.count() + after.count(), ticks);
        figures.put(label + ": launch to first fire (ms)", resumedAfter);
    }

    private Lateness awaitAll(int phase, int expected, long deadline) throws InterruptedException {
        Lateness seen = phases.get(phase);
        awaitCount(seen::count, expected, deadline);
        return seen;
    }

    private static void awaitCount(java.util.function.IntSupplier count, int expected, long deadline) throws InterruptedException {
        while (count.getAsInt() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50); // a benchmark waiting for deliveries, with a deadline
        }
    }

    private void print(String label, double value, String note) {
        figures.put(label, value);
        System.out.printf("%-44s %,12.1f   %s%n", label, value, note);
    }

    private static List<Integer> parseRates(String csv) {
        List<Integer> list = new ArrayList<>();
        for (String rate : csv.split(",")) {
            if (!rate.isBlank()) {
                list.add(Integer.parseInt(rate.trim()));
            }
        }
        return list;
    }
}

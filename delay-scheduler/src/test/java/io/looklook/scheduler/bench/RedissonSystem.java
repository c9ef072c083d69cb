package io.looklook.scheduler.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.redisson.Redisson;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RDelayedQueue;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The baseline: Redisson's {@code RDelayedQueue} (a Redis sorted set by due time, moved into a list by a Lua script
 * when due) on a local redis-server (Debian's package) with the append-only file fsynced every second, the closest
 * Redis gets to the scheduler's durability. This is the approach the original Go system used through asynq.
 */
final class RedissonSystem implements TimerSystem {

    private final Path dir;
    private final int port;
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> inFlight = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger failedOffers = new java.util.concurrent.atomic.AtomicInteger();
    private Process redis;
    private RedissonClient client;
    private RDelayedQueue<String> delayed;
    private Thread consumer;

    RedissonSystem(Path workDir) throws IOException {
        this.dir = Files.createDirectories(workDir.resolve("redis-" + System.currentTimeMillis()));
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    static boolean available() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "redisson";
    }

    @Override
    public void start(IntFunction<Lateness> phases) throws Exception {
        launchRedis();
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useSingleServer().setAddress("redis://127.0.0.1:" + port).setConnectionPoolSize(16).setConnectionMinimumIdleSize(4)
                .setTimeout(10_000).setRetryAttempts(100).setRetryDelay(attempt -> Duration.ofMillis(100));
        client = Redisson.create(config);
        RBlockingQueue<String> target = client.getBlockingQueue("bench:target");
        delayed = client.getDelayedQueue(target);
        consumer = new Thread(() -> consume(target, phases), "bench-redis-deliveries");
        consumer.setDaemon(true);
        consumer.start();
    }

    private void launchRedis() throws Exception {
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "everysec", "--save", "")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::destroyForcibly));
        long deadline = System.currentTimeMillis() + 120_000;
        while (!cli("ping").contains("PONG")) { // also waits for the append-only file to load
            if (System.currentTimeMillis() > deadline || !redis.isAlive()) {
                throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
            }
            Thread.sleep(20);
        }
    }

    /** Takes what is due in batches (BLMPOP), as a worker pool would. */
    private void consume(RBlockingQueue<String> target, IntFunction<Lateness> phases) {
        while (consuming.get()) {
            try {
                Map<String, List<String>> batch = target.pollFirstFromAny(Duration.ofMillis(200), 1000);
                long now = System.currentTimeMillis();
                if (batch == null) {
                    continue;
                }
                for (List<String> elements : batch.values()) {
                    for (String element : elements) {
                        String[] parts = element.split(":", 3);
                        phases.apply(Integer.parseInt(parts[0])).record(Long.parseLong(parts[1]), now);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException redisDown) {
                // restart phases take the server away; the client reconnects
            }
        }
    }

    @Override
    public void schedule(String id, long dueAtMs, int phase) {
        String element = phase + ":" + dueAtMs + ":" + id;
        StringBuilder padded = new StringBuilder(element);
        while (padded.length() < 100) {
            padded.append('.');
        }
        long delay = Math.max(0, dueAtMs - System.currentTimeMillis());
        inFlight.add(delayed.offerAsync(padded.toString(), delay, TimeUnit.MILLISECONDS).toCompletableFuture());
        if (inFlight.size() > 5_000) {
            try {
                inFlight.poll().join(); // bound the pipeline as the Kafka producer's buffer does
            } catch (RuntimeException e) {
                failedOffers.incrementAndGet();
            }
        }
    }

    /**
     * An offer is held once its script ran on the server (and in the append-only file within a second). Offers that
     * failed (Redis too busy to answer within the client's timeout) are counted and reported, not retried.
     */
    @Override
    public void awaitAccepted(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        CompletableFuture<Void> f;
        while ((f = inFlight.poll()) != null) {
            try {
                f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                failedOffers.incrementAndGet();
            }
        }
        int failed = failedOffers.getAndSet(0);
        if (failed > 0) {
            System.out.printf("  %,d offers failed (Redis did not answer within the client's 10 s timeout)%n", failed);
        }
    }

    @Override
    public long memoryBytes() throws Exception {
        for (String line : cli("info", "memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory from redis-cli info memory");
    }

    @Override
    public String memoryNote() {
        return "Redis used_memory (the client holds nothing per timer)";
    }

    @Override
    public long diskBytes() throws Exception {
        cli("bgrewriteaof"); // compact it as Redis would on its own, so the figure is the timers, not the history
        long deadline = System.currentTimeMillis() + 120_000;
        while (cli("info", "persistence").contains("aof_rewrite_in_progress:1") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".log"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Override
    public void stop(boolean crash) throws Exception {
        if (crash) {
            redis.destroyForcibly();
        } else {
            cli("shutdown"); // writes and fsyncs the append-only file
        }
        redis.waitFor();
    }

    /** Returns once the server answers PING, i.e. after it has loaded the append-only file. */
    @Override
    public void resume() throws Exception {
        launchRedis();
    }

    private String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Override
    public void close() throws Exception {
        consuming.set(false);
        if (client != null) {
            client.shutdown();
        }
        if (redis != null) {
            redis.destroyForcibly();
            redis.waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

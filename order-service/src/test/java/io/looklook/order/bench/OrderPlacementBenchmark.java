package io.looklook.order.bench;

import io.looklook.platform.security.JwtTokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order placement under an open-model load against the running local stack ({@code infra/stack up} first):
 * requests are sent at a fixed arrival rate whatever the responses do, and each latency is measured from the moment
 * the request was due (so a stalled server shows up as latency, not as fewer requests: no coordinated omission).
 * Then the physical baseline: the same three rows (order, outbox, idempotency key) per transaction straight through
 * the JDBC driver, with as many connections as the service's pool, into copies of the tables.
 *
 * <p>Run: {@code infra/stack up && ./mvnw -pl order-service -am -Pbench -DskipTests verify}
 * Options: {@code -Dbench.rates=250,500,750,1000,1250,1500 -Dbench.seconds=15 -Dbench.connections=20
 * -Dbench.warmup-rate=80 -Dbench.warmup-seconds=120 -Dbench.url=http://127.0.0.1:8888} (through the gateway: with
 * {@code infra/stack up --instances 2}, over both order-service instances, whose CPU is summed).
 */
public final class OrderPlacementBenchmark {

    /** order-service itself, or the gateway in front of its instances ({@code -Dbench.url=http://127.0.0.1:8888}). */
    private static final String BASE = System.getProperty("bench.url", "http://127.0.0.1:8081")
            + "/order/v1/homestayOrder/createHomestayOrder";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 15);
        int connections = Integer.getInteger("bench.connections", 20);
        int[] rates = Arrays.stream(System.getProperty("bench.rates", "250,500,750,1000,1250,1500").split(","))
                .mapToInt(r -> Integer.parseInt(r.strip())).toArray();
        Properties local = new Properties();
        try (InputStream in = OrderPlacementBenchmark.class.getResourceAsStream("/looklook-platform-local.properties")) {
            local.load(in);
        }
        // signed with the local profile's key, as the local stack's user center signs
        JwtTokens tokens = new JwtTokens(io.looklook.testsupport.TestTokens.localStackKey());
        String[] userTokens = new String[500];
        for (int u = 0; u < userTokens.length; u++) {
            userTokens[u] = tokens.forUser(900_000 + u, Duration.ofHours(1));
        }
        long start = LocalDate.now(SHANGHAI).plusDays(1).atTime(12, 0).atZone(SHANGHAI).toEpochSecond();
        String body = "{\"homestayId\":1,\"isFood\":true,\"liveStartTime\":" + start + ",\"liveEndTime\":" + (start + 2 * 86_400)
                + ",\"livePeopleNum\":2,\"remark\":\"benchmark\"}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] pid = orderServicePids();

        System.out.printf("%nOrder placement, open model, %d s per rate, whole local stack on %d cores%n", seconds,
                Runtime.getRuntime().availableProcessors());
        // the JIT needs minutes of traffic before the service's code is compiled (on 2 cores one C2 thread does it all)
        int warmupRate = Integer.getInteger("bench.warmup-rate", 80);
        int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 120);
        for (int s = 0; s < warmupSeconds; s += 20) {
            run(http, userTokens, body, warmupRate, Math.min(20, warmupSeconds - s), pid, true);
        }
        System.out.println("(warm-up done)");
        int best = 0;
        double bestRate = 0;
        for (int rate : rates) {
            Result r = run(http, userTokens, body, rate, seconds, pid, true);
            if (r.p99Ms() < 50 && r.errors() == 0) {
                best = rate;
                bestRate = r.achieved();
            }
        }
        System.out.printf("highest offered rate with p99 < 50 ms and no errors: %d orders/s%n", best);

        double baseline = baseline(local.getProperty("looklook.db.password"), connections, seconds);
        System.out.printf("physical baseline (3 rows per transaction over JDBC, %d connections): %.0f orders/s%n", connections, baseline);
        System.out.printf("ratio service/baseline: %.2f%n", bestRate / baseline);
    }

    record Result(int offered, double achieved, double p50Ms, double p99Ms, double maxMs, long errors, double cpuMsPerOrder) {
    }

    private static Result run(HttpClient http, String[] tokens, String body, int rate, int seconds, long[] pid, boolean print)
            throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        Map<String, LongAdder> errorKinds = new ConcurrentSkipListMap<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
        long cpuBefore = cpuTicks(pid);
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime() + 10_000_000;
        for (int i = 0; i < total; i++) {
            long due = t0 + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(BASE)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens[ThreadLocalRandom.current().nextInt(tokens.length)])
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                latencies[slot] = System.nanoTime() - due;
                if (error != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                    errorKinds.computeIfAbsent(errorKind(response, error), k -> new LongAdder()).increment();
                }
                return null;
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpuTicks = cpuTicks(pid) - cpuBefore;
        Arrays.sort(latencies);
        Result r = new Result(rate, total / elapsed, latencies[(int) (total * 0.50)] / 1e6,
                latencies[Math.min(total - 1, (int) Math.ceil(total * 0.99) - 1)] / 1e6, latencies[total - 1] / 1e6,
                errors.get(), cpuTicks * 10.0 / total);
        if (print) {
            System.out.printf("offered %5d/s  achieved %7.0f/s  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  errors %d  "
                            + "order-service CPU %.2f ms/order%n", r.offered(), r.achieved(), r.p50Ms(), r.p99Ms(), r.maxMs(),
                    r.errors(), r.cpuMsPerOrder());
            if (!errorKinds.isEmpty()) {
                System.out.println("    errors by kind: " + errorKinds);
            }
        }
        return r;
    }

    private static final Pattern ENVELOPE_MESSAGE = Pattern.compile("\"msg\":\"([^\"]{0,40})");

    /** A refusal's status and the start of its envelope's message (which tells the gateway's 503 from the service's). */
    private static String errorKind(HttpResponse<String> response, Throwable error) {
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            return cause.getClass().getSimpleName();
        }
        Matcher msg = ENVELOPE_MESSAGE.matcher(response.body());
        return response.statusCode() + (msg.find() ? " " + msg.group(1) : "");
    }

    /** order-service's instances as infra/stack started them: the first, and the second with --instances 2. */
    private static long[] orderServicePids() throws IOException {
        Path first = stackPidFile("order-service");
        Path second = first.resolveSibling("order-service-2.pid");
        List<Path> files = Files.exists(second) ? List.of(first, second) : List.of(first);
        long[] pids = new long[files.size()];
        for (int i = 0; i < pids.length; i++) {
            pids[i] = Long.parseLong(Files.readString(files.get(i)).strip());
        }
        return pids;
    }

    private static long cpuTicks(long[] pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            sum += cpuTicks(pid);
        }
        return sum;
    }

    /** The pid file infra/stack wrote, found from the working directory upwards. */
    private static Path stackPidFile(String service) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pid = dir.resolve(".local/pids/" + service + ".pid");
            if (Files.exists(pid)) {
                return pid;
            }
        }
        throw new IllegalStateException("no .local/pids/" + service + ".pid: run infra/stack up first");
    }

    /** utime + stime of a process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The same rows and transaction shape as placing an order, into copies of the tables, over plain JDBC. */
    private static double baseline(String password, int connections, int seconds) throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:3306/looklook_bench_baseline?createDatabaseIfNotExist=true";
        try (Connection c = DriverManager.getConnection(url, "looklook", password); Statement s = c.createStatement()) {
            for (String table : List.of("homestay_order", "outbox_event", "idempotency_key")) {
                s.execute("DROP TABLE IF EXISTS " + table);
                s.execute("CREATE TABLE " + table + " LIKE looklook_order." + table);
            }
        }
        byte[] payload = new byte[420];
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "looklook", password)) {
                    c.setAutoCommit(false);
                    PreparedStatement order = c.prepareStatement("INSERT INTO homestay_order (create_time, sn, user_id, homestay_id, "
                            + "title, sub_title, cover, info, people_num, row_type, need_food, food_info, food_price, homestay_price, "
                            + "market_homestay_price, homestay_business_id, homestay_user_id, live_start_date, live_end_date, "
                            + "live_people_num, trade_state, trade_code, remark, order_total_price, food_total_price, "
                            + "homestay_total_price, pay_deadline) VALUES (NOW(3), ?, ?, 1, 'Naxi Courtyard Suite', 'sub', "
                            + "'https://img/1.jpg', 'info', 2, 0, 1, 'breakfast', 3800, 38800, 45800, 1, 101, CURDATE(), CURDATE(), "
                            + "2, 0, 'abcdefgh', 'benchmark', 92800, 15200, 77600, NOW(3))");
                    PreparedStatement outbox = c.prepareStatement("INSERT INTO outbox_event (event_id, topic, message_key, "
                            + "event_type, payload, traceparent) VALUES (?, 'order.events', ?, 'OrderCreated', ?, ?)");
                    PreparedStatement key = c.prepareStatement("INSERT INTO idempotency_key (user_id, idem_key, request_hash, "
                            + "state, order_sn, claimed_at, expires_at) VALUES (?, ?, REPEAT('a', 64), 'DONE', ?, NOW(3), NOW(3))");
                    long n = 0;
                    while (System.nanoTime() < end) {
                        String sn = "HSO" + String.format("%022d", worker * 1_000_000_000L + n++);
                        order.setString(1, sn);
                        order.setLong(2, worker);
                        order.executeUpdate();
                        outbox.setString(1, UUID.randomUUID().toString());
                        outbox.setString(2, sn);
                        outbox.setBytes(3, payload);
                        outbox.setString(4, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
                        outbox.executeUpdate();
                        key.setLong(1, worker);
                        key.setString(2, sn);
                        key.setString(3, sn);
                        key.executeUpdate();
                        c.commit();
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try (Connection c = DriverManager.getConnection(url, "looklook", password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE looklook_bench_baseline");
        }
        return done.get() / (double) seconds;
    }
}

package io.looklook.payment.bench;

import io.looklook.order.OrderPaid;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.platform.security.JwtTokens;
import io.looklook.schemas.AvroSerdes;
import io.looklook.usercenter.UserAuthLinked;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Payments end to end on the running local stack ({@code infra/stack up}): each client places an order, opens its
 * payment (thirdPaymentWxPay, retried until payment-service has seen the order), and pays it in the sandbox; the
 * gateway's notification reaches the callback, {@code PaymentSucceeded} reaches order-service, which marks the order
 * paid. Its users (900000-900999) are given a WeChat openid first, as the user center would after a wxMiniAuth
 * ({@code UserAuthLinked} on user.events: the login route's per-address limit would not let 1,000 logins through a
 * benchmark). Prints payments per second (first request to last {@code OrderPaid}) and the latency from the applied
 * callback ({@code PaymentSucceeded.occurredAt}) to the paid order ({@code OrderPaid.occurredAt}).
 *
 * <p>{@code -Dbench.orders=1000 -Dbench.clients=16 -Dbench.homestay=1}. A program, not a test: it prints figures.
 */
public final class PaymentBenchmark {

    private static final Pattern SN = Pattern.compile("\"orderSn\":\"([A-Z0-9]+)\"");
    private static final Pattern PREPAY = Pattern.compile("\"package\":\"prepay_id=([^\"]+)\"");
    private static final Pattern PAID = Pattern.compile("\"tradeState\":\"SUCCESS\"| is SUCCESS");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final long FIRST_USER = 900_000;
    private static final int USERS = 1000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JwtTokens tokens = new JwtTokens(io.looklook.testsupport.TestTokens.localStackKey());

    public static void main(String[] args) throws Exception {
        new PaymentBenchmark().run(Integer.getInteger("bench.orders", 1000), Integer.getInteger("bench.clients", 16),
                Long.getLong("bench.homestay", 1));
    }

    private void run(int orders, int clients, long homestay) throws Exception {
        linkWechat(FIRST_USER, Math.min(orders, USERS));
        Map<String, Instant> succeeded = new ConcurrentHashMap<>();
        Map<String, Instant> paid = new ConcurrentHashMap<>();
        Set<String> ours = ConcurrentHashMap.newKeySet();
        CountDownLatch positioned = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger retries = new AtomicInteger();
        Thread reader = new Thread(() -> read(ours, succeeded, paid, positioned, stop), "bench-reader");
        reader.start();
        positioned.await();
        long start = LocalDate.now(SHANGHAI).plusDays(1).atTime(12, 0).atZone(SHANGHAI).toEpochSecond();
        String order = "{\"homestayId\":" + homestay + ",\"isFood\":false,\"liveStartTime\":" + start + ",\"liveEndTime\":"
                + (start + 86_400) + ",\"livePeopleNum\":1,\"remark\":\"bench\"}";
        Instant begin = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            long user = FIRST_USER + i % USERS;
            done.add(pool.submit(() -> {
                String token = tokens.forUser(user, Duration.ofHours(1));
                String sn = find(SN, retried(retries, Duration.ofSeconds(1), () -> post(
                        "http://127.0.0.1:8081/order/v1/homestayOrder/createHomestayOrder", token, order), SN));
                ours.add(sn);
                // payment-service may not have seen OrderCreated (or the sign-in) yet: 100007 / 100012 until then
                String prepay = find(PREPAY, retried(retries, Duration.ofMillis(100), () -> post(
                        "http://127.0.0.1:8082/payment/v1/thirdPayment/thirdPaymentWxPay", token,
                        "{\"orderSn\":\"" + sn + "\",\"serviceType\":\"homestayOrder\"}"), PREPAY));
                // a pay retried after its first try committed is answered "... is SUCCESS"
                retried(retries, Duration.ofSeconds(1), () -> post("http://127.0.0.1:8082/payment/v1/sandbox/pay", token,
                        "{\"prepayId\":\"" + prepay + "\",\"success\":true}"), PAID);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        Instant requested = Instant.now();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (paid.size() < orders && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Instant last = paid.values().stream().max(Instant::compareTo).orElse(Instant.now());
        List<Long> latencies = new ArrayList<>();
        paid.forEach((sn, at) -> {
            Instant callback = succeeded.get(sn);
            if (callback != null) {
                latencies.add(Duration.between(callback, at).toMillis());
            }
        });
        stop.set(true);
        reader.join();
        latencies.sort(Long::compare);
        double seconds = Duration.between(begin, last).toMillis() / 1000.0;
        System.out.printf("payments: %d orders, %d clients: %d paid; requests done in %.1f s; last order paid %.1f s after the "
                        + "first request: %.1f payments/s end to end; %d requests tried again%n", orders, clients,
                paid.size(), Duration.between(begin, requested).toMillis() / 1000.0, seconds, paid.size() / seconds, retries.get());
        if (!latencies.isEmpty()) {
            System.out.printf("callback applied -> order paid (PaymentSucceeded.occurredAt -> OrderPaid.occurredAt): p50 %d ms, "
                    + "p99 %d ms, max %d ms%n", latencies.get(latencies.size() / 2), latencies.get(latencies.size() * 99 / 100),
                    latencies.get(latencies.size() - 1));
        }
    }

    /** {@code UserAuthLinked} (wxMini) for {@code count} users from {@code first}: the payer openid of their prepays. */
    private static void linkWechat(long first, int count) throws Exception {
        String topic = "user.events";
        try (Serializer<Object> avro = AvroSerdes.valueSerializer(System.getProperty("bench.registry", "http://127.0.0.1:8085"));
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     System.getProperty("bench.kafka", "127.0.0.1:9092")), new StringSerializer(), new ByteArraySerializer())) {
            for (long user = first; user < first + count; user++) {
                UserAuthLinked linked = UserAuthLinked.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                        .setUserId(user).setAuthType("wxMini").setAuthKey("oBench" + user).build();
                producer.send(new ProducerRecord<>(topic, String.valueOf(user), avro.serialize(topic, linked)));
            }
            producer.flush();
        }
    }

    /** payment.events and order.events from now on: when each of our orders' payment was applied, and when it was paid. */
    private static void read(Set<String> ours, Map<String, Instant> succeeded, Map<String, Instant> paid,
                             CountDownLatch positioned, AtomicBoolean stop) {
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("bench.kafka", "127.0.0.1:9092"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                AvroSerdes.valueDeserializer(System.getProperty("bench.registry", "http://127.0.0.1:8085")))) {
            // assigned, not subscribed: positioned at the end before the first request, no group to join
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("payment.events", "order.events")) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() instanceof PaymentSucceeded p) {
                        succeeded.putIfAbsent(p.getOrderSn(), p.getOccurredAt());
                    } else if (r.value() instanceof OrderPaid p && ours.contains(p.getSn())) {
                        paid.putIfAbsent(p.getSn(), p.getOccurredAt());
                    }
                }
            }
        }
    }

    private String post(String url, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The first answer {@code wanted} finds, asking again {@code pause} later (a 503 says Retry-After 1 s); a step
     * that never succeeds within a minute stops the benchmark with the last answer instead of spinning.
     */
    private static String retried(AtomicInteger retries, Duration pause, Callable<String> call, Pattern wanted) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String answer = call.call();
        while (!wanted.matcher(answer).find()) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("no success within a minute; last answer: " + answer);
            }
            retries.incrementAndGet();
            Thread.sleep(pause.toMillis()); // a client's pause between tries, not a wait for an effect in a test
            answer = call.call();
        }
        return answer;
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}

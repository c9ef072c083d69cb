package io.looklook.payment.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.looklook.payment.PaymentIT;
import io.looklook.payment.PaymentSucceeded;
import io.looklook.testsupport.ServiceProcess;
import io.looklook.testsupport.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * payment-service as a real process (sandbox gateway inside), killed with SIGKILL while the gateway's notifications
 * are being handled: some applied, some in flight, some not yet sent. After a restart every notification is
 * delivered and applied once: every payment succeeded, once, with one {@code PaymentSucceeded}.
 */
class PaymentServiceKillIT extends PaymentIT {

    private static final String SCHEMA = "looklook_payment_crash";
    private static final int ORDERS = 400;
    private static final Path JAR = Path.of("target", "payment-service.jar");
    private static final Pattern PREPAY = Pattern.compile("\"package\":\"prepay_id=([^\"]+)\"");

    @Test
    void noNotificationIsLostOrAppliedTwiceAcrossAKillMinusNine() throws Exception {
        // its own consumer group: a killed member would hold the tests' group's partitions until its session expires
        String[] args = {"--looklook.payment.gateway=sandbox", "--looklook.payment.wechat.appid=" + APPID,
                "--looklook.payment.wechat.mchid=" + MCHID, "--looklook.payment.wechat.api-v3-key=" + API_V3_KEY,
                "--looklook.payment.orders-group=crash-orders-" + UUID.randomUUID(),
                "--looklook.payment.users-group=crash-users-" + UUID.randomUUID(),
                // few notifications in flight and fast retries: the kill lands between applied and unsent ones
                "--looklook.payment.sandbox.concurrency=1", "--looklook.payment.sandbox.retry-backoff=200ms"};
        Map<String, Long> owners = new LinkedHashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            long user = newUser();
            owners.put(publishOrder(user, 1_000 + i, Instant.now().plus(Duration.ofMinutes(30))), user);
        }
        List<String> orders = new ArrayList<>(owners.keySet());
        long appliedAtKill;
        ServiceProcess first = ServiceProcess.start(JAR, "payment-kill-first", SCHEMA, TestInfra.freePort(), args);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT COUNT(*) FROM payable_order WHERE order_sn IN ("
                    + quoted(orders) + ")", SCHEMA) == ORDERS && count("SELECT COUNT(*) FROM payer_openid WHERE user_id IN ("
                    + owners.values().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ")", SCHEMA) == ORDERS);
            HttpClient client = HttpClient.newHttpClient();
            List<String> prepays = new ArrayList<>();
            for (String sn : orders) {
                Matcher m = PREPAY.matcher(call(client, first, owners.get(sn), "/payment/v1/thirdPayment/thirdPaymentWxPay",
                        "{\"orderSn\":\"" + sn + "\",\"serviceType\":\"homestayOrder\"}"));
                assertThat(m.find()).isTrue();
                prepays.add(m.group(1));
            }
            // the payers pay all at once: notifications pile up faster than the callbacks apply them
            ExecutorService payers = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> paid = new ArrayList<>();
                for (int i = 0; i < ORDERS; i++) {
                    long user = owners.get(orders.get(i));
                    String prepayId = prepays.get(i);
                    paid.add(payers.submit(() -> call(client, first, user, "/payment/v1/sandbox/pay",
                            "{\"prepayId\":\"" + prepayId + "\",\"success\":true}")));
                }
                for (Future<String> f : paid) {
                    assertThat(f.get()).containsAnyOf("\"tradeState\":\"SUCCESS\"", " is SUCCESS");
                }
            } finally {
                payers.shutdownNow();
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> count("SELECT COUNT(*) FROM third_payment WHERE pay_status = 1", SCHEMA) >= ORDERS / 4);
        } finally {
            first.kill();
        }
        appliedAtKill = count("SELECT COUNT(*) FROM third_payment WHERE pay_status = 1", SCHEMA);
        assertThat(appliedAtKill).as("killed in the middle of the callbacks").isBetween(1L, ORDERS - 1L);
        assertThat(count("SELECT COUNT(*) FROM sandbox_notification WHERE delivered_at IS NULL", SCHEMA)).isPositive();

        // on the same port: the gateway keeps sending to the notify URL it was given at prepay
        try (ServiceProcess second = ServiceProcess.start(JAR, "payment-kill-second", SCHEMA, first.port(), args)) {
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> count("SELECT COUNT(*) FROM third_payment WHERE pay_status = 1", SCHEMA) == ORDERS);
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> orders.stream().allMatch(sn -> EVENTS.count(sn, PaymentSucceeded.class) >= 1));
            // the killed process's claimed notifications go out once its lease ran out (the payments they tell of
            // may have been settled before by asking the gateway): each then changes nothing
            Awaitility.await().atMost(Duration.ofSeconds(120))
                    .until(() -> count("SELECT COUNT(*) FROM sandbox_notification WHERE delivered_at IS NULL", SCHEMA) == 0);
        }
        assertThat(count("SELECT COUNT(*) FROM third_payment", SCHEMA)).isEqualTo(ORDERS);
        assertThat(count("SELECT COUNT(*) FROM third_payment WHERE version <> 1", SCHEMA)).as("each applied once").isZero();
        assertThat(orders).allSatisfy(sn -> assertThat(EVENTS.count(sn, PaymentSucceeded.class)).as(sn).isEqualTo(1));
    }

    /**
     * A call as a client told to retry makes it: a 503 (the deadline passed on this cold, loaded process) is tried
     * again a Retry-After (1 s) later. A pay retried after its first try committed is refused as already paid
     * ("prepay ... is SUCCESS"), which callers accept like the 200.
     */
    private String call(HttpClient client, ServiceProcess service, long user, String route, String json) {
        AtomicReference<HttpResponse<String>> response = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
            response.set(client.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + route))
                    .header("Authorization", "Bearer " + token(user))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            return response.get().statusCode() != 503;
        });
        boolean alreadyPaid = response.get().statusCode() == 409 && response.get().body().contains(" is SUCCESS");
        assertThat(response.get().statusCode() == 200 || alreadyPaid).as(response.get().body()).isTrue();
        return response.get().body();
    }

    private static String quoted(List<String> values) {
        return String.join(",", values.stream().map(v -> "'" + v + "'").toList());
    }

    private static long count(String sql, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfra.get().jdbcUrl(schema), "looklook", TestInfra.DB_PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
